export { DataServicesController } from './data-services-controller.js';
export { QueryController, type QueryOptionsBuilder } from './query-controller.js';
export { ChannelSubscriptionController, type ChannelRequest } from './channel-subscription-controller.js';
export { ConnectionStatusController, REST_ONLY_STATUS } from './connection-status-controller.js';
export { RealtimeController, type LatestUpdates, type RealtimeControllerOptions } from './realtime-controller.js';
export { PerformanceController, type PerformanceControllerOptions } from './performance-controller.js';
export { RenderRateController } from './render-rate-controller.js';
