export * from './audit-record';
export * from './audit.decorators';
