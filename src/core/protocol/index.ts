export * from './primitives.js';
export * from './channels.js';
export * from './models.js';
export * from './risk.js';
export * from './client-messages.js';
export * from './server-messages.js';
export * from './rest.js';
export * from './frames.js';
