import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { NotificationType, NotificationTypeSchema } from './notification-types/notification-type.schema';
import { NotificationTypesController } from './notification-types/notification-types.controller';
import { NotificationTypesService } from './notification-types/notification-types.service';
import { NotificationEventsListener } from './notifications/notification-events.listener';
import { Notification, NotificationSchema } from './notifications/notification.schema';
import { NotificationsController } from './notifications/notifications.controller';
import { NotificationsService } from './notifications/notifications.service';

/**
 * Notifications: the listener turns domain events into rendered notifications (other domains
 * never write them), users read their own inbox, admins edit the templates (notification types).
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Notification.name, schema: NotificationSchema },
      { name: NotificationType.name, schema: NotificationTypeSchema },
    ]),
  ],
  controllers: [NotificationsController, NotificationTypesController],
  providers: [NotificationsService, NotificationTypesService, NotificationEventsListener],
  exports: [NotificationsService, NotificationTypesService],
})
export class NotificationsModule {}
