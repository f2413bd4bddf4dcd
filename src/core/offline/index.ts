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
  type ReplayOptions,
  type ReplayReport,
} from './edit-queue.js';
export { OfflineEdits, offlineEdits, type OfflineEditsState, type SignInChanges } from './offline-edits.js';
export {
  describeReplayCredential,
  forgetReplayCredential,
  rememberReplayCredential,
  replayCredential,
  tokenClaims,
  REPLAY_CREDENTIAL_DB,
  type ReplayCredential,
  type ReplayCredentialSummary,
} from './replay-credential.js';
export { withOfflineQueue } from './offline-mutations.js';
