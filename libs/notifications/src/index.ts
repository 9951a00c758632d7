export * from './notifications.module';
export * from './notifications/notifications.service';
export * from './notifications/notification-events.listener';
export * from './notifications/notification.schema';
export * from './notification-types/notification-types.service';
export * from './notification-types/notification-type.schema';
export * from './notification-types/default-notification-types';
export * from './template-renderer';
