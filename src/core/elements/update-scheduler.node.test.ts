import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UpdateScheduler } from './update-scheduler.js';

/** A scheduler on a hand-moved clock, whose "tasks" run only when the test says so. */
function harness(budgetMs = 6) {
  let clock = 0;
  const tasks: (() => void)[] = [];
  const scheduler = new UpdateScheduler({ budgetMs, now: () => clock, postTask: (callback) => tasks.push(callback) });
  const log: string[] = [];
  /** An update that takes `cost` ms of the clock. */
  const update = (name: string, cost: number) => () => {
    log.push(name);
    clock += cost;
  };
  return {
    scheduler,
    log,
    tasks,
    update,
    advance: (ms: number) => (clock += ms),
    /** Runs the oldest posted task; false when none is posted. */
    runTask: () => {
      const task = tasks.shift();
      task?.();
      return task !== undefined;
    },
  };
}

describe('cooperative update scheduler', () => {
  test('runs updates at once while the slice has budget, and queues the rest for a later task', () => {
    const h = harness(6);
    assert.equal(h.scheduler.schedule(h.update('a', 2)), undefined);
    assert.equal(h.scheduler.schedule(h.update('b', 3)), undefined);
    // 5 ms used: still under 6, so this one runs too and takes the slice past its budget.
    assert.equal(h.scheduler.schedule(h.update('c', 4)), undefined);
    const d = h.scheduler.schedule(h.update('d', 1));
    assert.ok(d instanceof Promise);
    assert.deepEqual(h.log, ['a', 'b', 'c']);
    assert.equal(h.scheduler.pending, 1);
    h.runTask();
    assert.deepEqual(h.log, ['a', 'b', 'c', 'd']);
    assert.equal(h.scheduler.pending, 0);
  });

  test('keeps the order updates were asked in: nothing overtakes a waiting update, even in a fresh slice', () => {
    const h = harness(6);
    h.scheduler.schedule(h.update('a', 10));
    void h.scheduler.schedule(h.update('b', 1));
    // The slice ends (its marker task runs) but b is still queued behind nothing else: a new
    // update asked for now must not run before b.
    void h.scheduler.schedule(h.update('c', 1));
    assert.deepEqual(h.log, ['a']);
    while (h.runTask());
    assert.deepEqual(h.log, ['a', 'b', 'c']);
  });

  test('slices a long queue over several tasks, each running at least one update (no starvation)', () => {
    const h = harness(6);
    h.scheduler.schedule(h.update('first', 7));
    const names = Array.from({ length: 10 }, (_, i) => `u${i}`);
    for (const name of names) void h.scheduler.schedule(h.update(name, 4));
    const perTask: number[] = [];
    let before = h.log.length;
    while (h.runTask()) {
      perTask.push(h.log.length - before);
      before = h.log.length;
    }
    assert.deepEqual(h.log, ['first', ...names]);
    // 4 ms each under a 6 ms budget: two per task (the last task only marks the end of a slice).
    assert.deepEqual(perTask, [2, 2, 2, 2, 2, 0]);

    // Updates dearer than the whole budget still go one per task.
    const slow = harness(6);
    slow.scheduler.schedule(slow.update('x', 50));
    for (const name of ['y', 'z']) void slow.scheduler.schedule(slow.update(name, 50));
    slow.runTask();
    assert.deepEqual(slow.log, ['x', 'y']);
    slow.runTask();
    assert.deepEqual(slow.log, ['x', 'y', 'z']);
  });

  test('a new task starts a new slice once the marker task has run', () => {
    const h = harness(6);
    h.scheduler.schedule(h.update('a', 5.5));
    assert.equal(h.tasks.length, 1, 'the slice posts one task to mark its end');
    h.runTask();
    h.advance(100);
    // A fresh slice: these run at once.
    assert.equal(h.scheduler.schedule(h.update('b', 3)), undefined);
    assert.equal(h.scheduler.schedule(h.update('c', 2)), undefined);
    assert.deepEqual(h.log, ['a', 'b', 'c']);
  });

  test('the promise of a queued update settles after it ran, and rejects with its error without stopping the others', async () => {
    const h = harness(6);
    h.scheduler.schedule(h.update('a', 10));
    const events: string[] = [];
    const b = h.scheduler.schedule(() => {
      h.log.push('b');
      throw new Error('b broke');
    })!;
    const c = h.scheduler.schedule(h.update('c', 1))!;
    b.then(() => events.push('b resolved'), (err: Error) => events.push(`b rejected: ${err.message}`));
    c.then(() => events.push(`c resolved after ${h.log.join(',')}`));
    await Promise.resolve();
    assert.deepEqual(events, [], 'nothing settles before the update ran');
    h.runTask();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(events, ['b rejected: b broke', 'c resolved after a,b,c']);
  });

  test('an update that runs at once throws its error to the caller', () => {
    const h = harness(6);
    assert.throws(() => h.scheduler.schedule(() => {
      throw new Error('at once');
    }), /at once/);
    assert.equal(h.scheduler.schedule(h.update('next', 1)), undefined, 'the scheduler goes on');
  });

  test('whenIdle resolves once the queue has run empty', async () => {
    const h = harness(6);
    let idle = false;
    await h.scheduler.whenIdle();
    h.scheduler.schedule(h.update('a', 10));
    void h.scheduler.schedule(h.update('b', 10));
    void h.scheduler.schedule(h.update('c', 10));
    void h.scheduler.whenIdle().then(() => (idle = true));
    h.runTask();
    await Promise.resolve();
    assert.equal(idle, false, 'c still waits');
    h.runTask();
    await Promise.resolve();
    assert.equal(idle, true);
    assert.deepEqual(h.log, ['a', 'b', 'c']);
  });

  test('in a runtime without a clock override, the default task poster runs queued updates', async () => {
    const scheduler = new UpdateScheduler({ budgetMs: 0 });
    const ran: string[] = [];
    scheduler.schedule(() => ran.push('a'));
    await scheduler.schedule(() => ran.push('b'));
    assert.deepEqual(ran, ['a', 'b']);
  });
});
