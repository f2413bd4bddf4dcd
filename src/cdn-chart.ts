/** The `<script>`-tag bundle with `<price-chart>` as well (uPlot included). */
export * from './cdn.js';
export * from './chart.js';
