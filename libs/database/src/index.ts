export * from './database-availability';
export * from './database-capabilities';
export * from './database-command-monitor';
export * from './database.module';
export * from './embedded-engine';
export * from './entity-lock';
export * from './engine-registry';
export * from './plugins/soft-delete.plugin';
