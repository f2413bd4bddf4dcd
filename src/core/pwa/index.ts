export { PwaController, pwaController, registerServiceWorker, type PwaState, type RegisterOptions } from './pwa-controller.js';
export { PushSubscriber, type PushState } from './push-subscriber.js';
export { alertNotificationTag, showAlertNotification, type NotificationEnvironment } from './alert-notification.js';
