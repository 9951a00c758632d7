import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuthModule } from '@app/auth';
import { Webhook, WebhookDelivery, WebhookDeliverySchema, WebhookSchema } from './webhook.schema';
import { WebhookWorker } from './webhook-worker.service';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/** Webhook subscriptions (admin CRUD, delivery log, replay) and the delivery worker every API process runs. */
@Module({
  imports: [
    AuthModule,
    MongooseModule.forFeature([
      { name: Webhook.name, schema: WebhookSchema },
      { name: WebhookDelivery.name, schema: WebhookDeliverySchema },
    ]),
  ],
  controllers: [WebhooksController],
  providers: [WebhooksRepository, WebhooksService, WebhookWorker],
  exports: [WebhookWorker],
})
export class WebhooksModule {}
