import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Logger, LogHub } from './index.js';

function recorder() {
  const lines: string[] = [];
  return { lines, write: (prefix: string, message: string) => { lines.push(`${prefix} ${message}`); } };
}

describe('Logger', () => {
  test('is off by default, namespaced and labelled when on', () => {
    const out = recorder();
    const logger = new Logger({ label: 'main', write: out.write });
    logger.log('socket', 'hidden');
    logger.setEnabled(true);
    logger.log('socket', 'state connecting → connected');
    logger.setNamespaces(['api']);
    logger.log('socket', 'filtered');
    logger.log('api', 'GET /api/assets → 200 in 12 ms');
    assert.deepEqual(out.lines, ['[crw:socket main] state connecting → connected', '[crw:api main] GET /api/assets → 200 in 12 ms']);
  });

  test('refuses unknown namespaces', () => {
    assert.throws(() => new Logger().setNamespaces(['sockets' as never]), /Unknown log namespace "sockets"; known: socket, api, query, sw, perf/);
  });

  test('a hub reaches each attached logger by its own setting', () => {
    const hub = new LogHub();
    const a = recorder(), b = recorder();
    const first = new Logger({ label: 'a', write: a.write });          // off, like the first provider
    const second = new Logger({ label: 'b', enabled: true, write: b.write });
    hub.attach(first);
    const detach = hub.attach(second);
    assert.equal(hub.wants('socket'), true);
    hub.emit('socket', 'welcome');
    detach();
    hub.emit('socket', 'after detach');
    assert.deepEqual([a.lines, b.lines], [[], ['[crw:socket b] welcome']]);
    assert.equal(hub.wants('socket'), false);
  });

  test('a throwing writer never breaks the caller', () => {
    const logger = new Logger({ enabled: true, write: () => { throw new Error('boom'); } });
    assert.doesNotThrow(() => logger.log('perf', 'x'));
  });
});
