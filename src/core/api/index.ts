export { ApiClient, type ApiClientOptions, type AlertsQuery } from './api-client.js';
export { ApiError, isClientError, type ApiClientErrorCode } from './api-error.js';
export type { CallOptions, MutationCallOptions, RequestTiming } from './request.js';
