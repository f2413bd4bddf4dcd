export { WebSocketClient, CLOSE_CODES, type WebSocketClientOptions } from './web-socket-client.js';
export type {
  ConnectionState,
  ConnectionStatus,
  DataMeta,
  PongEvent,
  ResyncEvent,
  ResyncReason,
  SocketStats,
  StateChange,
  SubscribedEvent,
  SubscriptionHandle,
  TransportKind,
  WebSocketClientEvents,
} from './client-types.js';
export { SocketError, type SocketErrorCode } from './socket-error.js';
export { getSharedClient, releaseSharedClient, sharedClientRefs } from './shared-client.js';
export { backoffDelay, jittered, type BackoffOptions } from './backoff.js';
export {
  createInThreadPipeline,
  type FrameBatch,
  type FramePipeline,
  type FramePipelineFactory,
  type FramePipelineOptions,
  type FrameRejection,
} from './frame-pipeline.js';
export { browserLifecycle, type LifecycleSource, type WakeReason } from './lifecycle.js';
export type { OutgoingQueueLimits } from './outgoing-queue.js';
export type { SubscriptionState } from './subscription-registry.js';
export type { SubscriptionInfo } from './subscription-info.js';
export { systemClock, systemTimers, type Clock, type CloseEventLike, type MessageEventLike, type RandomSource, type TimerHandle, type Timers, type WebSocketConstructor, type WebSocketLike } from './seams.js';
