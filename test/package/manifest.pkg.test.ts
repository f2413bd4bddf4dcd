// The Custom Elements Manifest the package ships is what editors, Storybook and the framework type
// generators read. Runs after `npm run build` (which generates it) and checks what a user relies on.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Described { name: string; description?: string; type?: { text: string } }
interface Declaration {
  kind: string; name: string; tagName?: string; customElement?: boolean;
  superclass?: { name: string };
  attributes?: (Described & { fieldName?: string })[];
  events?: Described[]; slots?: Described[]; cssParts?: Described[]; cssProperties?: Described[];
}
interface Manifest { schemaVersion: string; modules: { path: string; declarations?: Declaration[] }[] }

const WIDGETS = ['crypto-ticker', 'portfolio-value', 'risk-gauge', 'alert-feed', 'connection-status', 'market-movers', 'crypto-watchlist', 'portfolio-manager', 'price-chart', 'perf-monitor'];
/** Small page controls with no feed data of their own: the theme tokens of the widgets, without their status line. */
const CONTROLS = ['pwa-status', 'push-subscribe'];
const THEME_TOKENS = ['accent', 'bg', 'border', 'critical', 'down', 'focus', 'font-family', 'font-size', 'muted', 'radius', 'space', 'surface', 'text', 'up', 'warning'].map((t) => `--crw-theme-${t}`);

describe('custom-elements.json', () => {
  let manifest: Manifest;
  let elements: Map<string, { path: string; decl: Declaration }>;

  before(() => {
    const file = join(ROOT, 'custom-elements.json');
    assert.ok(existsSync(file), 'custom-elements.json is missing: run `npm run build` first');
    manifest = JSON.parse(readFileSync(file, 'utf8'));
    elements = new Map();
    for (const mod of manifest.modules) for (const decl of mod.declarations ?? []) if (decl.customElement && decl.tagName) elements.set(decl.tagName, { path: mod.path, decl });
  });

  it('lists every element with its tag, at a path the package ships', () => {
    assert.deepEqual([...elements.keys()].sort(), [...WIDGETS, ...CONTROLS, 'crypto-data-provider', 'crw-devtools'].sort());
    const text = JSON.stringify(manifest);
    assert.ok(!/"\/?src\//.test(text), 'a path points at src/, which the package does not ship');
    for (const mod of manifest.modules) {
      assert.match(mod.path, /^dist\/lib\/.+\.js$/, mod.path);
      const source = join(ROOT, mod.path.replace(/^dist\/lib\//, 'src/').replace(/\.js$/, '.ts'));
      assert.ok(existsSync(source), `${mod.path} has no source module (${source})`);
    }
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.equal(pkg.customElements, 'custom-elements.json');
    assert.ok(pkg.files.includes('custom-elements.json'));
  });

  it('gives every event a crw- name, a type and a description', () => {
    const classes = new Set(manifest.modules.flatMap((m) => (m.declarations ?? []).map((d) => d.name)));
    let count = 0;
    for (const [tag, { decl }] of elements) {
      for (const event of decl.events ?? []) {
        count++;
        assert.match(event.name ?? '', /^crw-[a-z]+(-[a-z]+)*$/, `<${tag}> lists an event without a proper name: ${JSON.stringify(event)}`);
        assert.ok(event.type?.text && classes.has(event.type.text), `<${tag}> ${event.name} has no event class as its type`);
        assert.ok(event.description, `<${tag}> ${event.name} has no description`);
      }
    }
    assert.ok(count >= 10, `only ${count} events in the manifest`);
  });

  it('lists the inherited theme tokens and status parts on every widget', () => {
    for (const tag of [...WIDGETS, ...CONTROLS]) {
      const { decl } = elements.get(tag)!;
      const props = new Set((decl.cssProperties ?? []).map((p) => p.name));
      for (const token of THEME_TOKENS) assert.ok(props.has(token), `<${tag}> does not list ${token}`);
      if (CONTROLS.includes(tag)) continue;
      const parts = new Set((decl.cssParts ?? []).map((p) => p.name));
      for (const part of ['base', 'status', 'retry']) assert.ok(parts.has(part), `<${tag}> does not list the ${part} part`);
    }
  });

  it('documents every attribute, part, slot and CSS property', () => {
    for (const [tag, { decl }] of elements) {
      for (const kind of ['attributes', 'cssParts', 'slots', 'cssProperties'] as const) {
        for (const item of decl[kind] ?? []) assert.ok(item.description?.trim(), `<${tag}> ${kind} ${item.name || '(default)'} has no description`);
      }
      for (const attr of decl.attributes ?? []) assert.ok(attr.fieldName, `<${tag}> attribute ${attr.name} names no property`);
    }
  });

  it('offers header slots, and empty-state slots where a list can be empty', () => {
    const slots = (tag: string) => new Set((elements.get(tag)!.decl.slots ?? []).map((s) => s.name));
    for (const tag of ['crypto-ticker', 'portfolio-value', 'risk-gauge', 'alert-feed', 'market-movers', 'crypto-watchlist', 'portfolio-manager']) {
      assert.ok(slots(tag).has('header'), `<${tag}> has no header slot`);
    }
    for (const tag of ['alert-feed', 'crypto-watchlist']) assert.ok(slots(tag).has('empty'), `<${tag}> has no empty slot`);
    assert.ok(slots('crypto-data-provider').has(''), '<crypto-data-provider> has no default slot');
  });
});
