export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.stories.ts', 'src/cdn.ts'],
  outdir: '.',
  litelement: true,
};
