export * from './rate-limit.decorator';
export * from './rate-limit.hook';
export * from './rate-limit.module';
export * from './rate-limit.store';
export * from './rate-limiter';
