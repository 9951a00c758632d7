export * from './events.module';
export * from './outbox/outbox.service';
export * from './outbox/outbox.repository';
export * from './feed/event-types';
export * from './webhooks/webhooks.module';
export * from './webhooks/webhook-worker.service';
export * from './webhooks/address-guard';
export * from './stream/event-stream.module';
