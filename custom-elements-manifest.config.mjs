export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.stories.ts', 'src/cdn.ts', 'src/cdn-chart.ts', 'src/frameworks/**'],
  outdir: '.',
  litelement: true,
};
