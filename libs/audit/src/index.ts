export * from './audit-record';
export * from './audit.decorators';
export * from './audit.module';
