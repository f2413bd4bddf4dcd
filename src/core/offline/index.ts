export {
  enqueueEdit,
  listEdits,
  listFailures,
  dismissFailure,
  replayEdits,
  EDIT_QUEUE_CHANNEL,
  EDIT_QUEUE_DB,
  EDIT_SYNC_TAG,
  type EditFailure,
  type EditKind,
  type QueuedEdit,
  type ReplayReport,
} from './edit-queue.js';
export { OfflineEdits, offlineEdits, type OfflineEditsState } from './offline-edits.js';
export { withOfflineQueue } from './offline-mutations.js';
