/**
 * crypto-risk-widgets: the public API. Importing this entry registers no elements;
 * import `crypto-risk-widgets/define` (or load the CDN bundle) for that.
 */
export * from './core/protocol/index.js';
export * from './core/socket/index.js';
export * from './core/worker/index.js';
export * from './core/api/index.js';
export * from './core/query/index.js';
export * from './core/perf/index.js';
export * from './core/logging/index.js';
export * from './core/elements/index.js';
export * from './widgets/index.js';
