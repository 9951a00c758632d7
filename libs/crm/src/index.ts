export * from './crm.module';
