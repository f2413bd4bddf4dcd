// The Custom Elements Manifest the package ships (custom-elements.json). The plugin below turns
// what the analyzer reads from the sources into what a user of the package needs: module paths
// that exist in the published package, and events that each have a name and a type.

/** `src/widgets/x.ts` (or `/src/widgets/x.js`) as published: `dist/lib/widgets/x.js`. */
export function toDistPath(path) {
  return path.replace(/^\//, '').replace(/^src\//, 'dist/lib/').replace(/\.ts$/, '.js');
}

function rewritePaths(value) {
  if (Array.isArray(value)) return value.forEach(rewritePaths);
  if (!value || typeof value !== 'object') return;
  for (const [key, inner] of Object.entries(value)) {
    if ((key === 'path' || key === 'module') && typeof inner === 'string' && /^\/?src\//.test(inner)) value[key] = toDistPath(inner);
    else rewritePaths(inner);
  }
}

function publishedManifest() {
  return {
    name: 'crypto-risk-widgets/published-manifest',
    packageLinkPhase({ customElementsManifest: manifest }) {
      // Event classes declare their name as `static readonly eventName = 'crw-…'`.
      const eventClasses = new Map();
      for (const mod of manifest.modules) {
        for (const decl of mod.declarations ?? []) {
          const field = decl.kind === 'class' && decl.members?.find((m) => m.static && m.name === 'eventName');
          if (field?.default) eventClasses.set(field.default.replace(/^['"`]|['"`]$/g, ''), { name: decl.name, module: mod.path });
        }
      }
      for (const mod of manifest.modules) {
        for (const decl of mod.declarations ?? []) {
          if (!decl.events) continue;
          // The analyzer adds a nameless entry for every `dispatchEvent(new SomeEvent())`; the
          // `@fires` tags carry the names, and the event classes carry the types.
          decl.events = decl.events.filter((event) => event.name);
          for (const event of decl.events) {
            const cls = eventClasses.get(event.name);
            if (!event.type && cls) event.type = { text: cls.name, references: [{ name: cls.name, module: cls.module }] };
          }
          if (!decl.events.length) delete decl.events;
        }
      }
      // Modules with nothing the analyzer records (types only) have no file in the package.
      manifest.modules = manifest.modules.filter((mod) => mod.declarations?.length || mod.exports?.length);
      rewritePaths(manifest.modules);
    },
  };
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.stories.ts', 'src/cdn.ts', 'src/cdn-chart.ts', 'src/cdn-autoloader.ts', 'src/frameworks/**'],
  outdir: '.',
  litelement: true,
  plugins: [publishedManifest()],
};
