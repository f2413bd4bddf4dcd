export { Logger, LogHub, LOG_NAMESPACES, type LogNamespace, type LoggerOptions, type LogWriter } from './logger.js';
