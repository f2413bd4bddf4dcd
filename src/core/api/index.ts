export { ApiClient, type ApiClientOptions, type AlertsQuery } from './api-client.js';
export { ApiError, isClientError, type ApiClientErrorCode } from './api-error.js';
export { useBearerToken } from './bearer-auth.js';
export type { ApiInterceptors, ApiRequest, InterceptorChain, RequestInterceptor, ResponseContext, ResponseInterceptor } from './interceptors.js';
export type { CallOptions, MutationCallOptions, RequestTiming } from './request.js';
export { TokenSource, type TokenGetter } from './token-source.js';
