export * from './permission';
export * from './access-rules';
export * from './access-loader';
export * from './access-policy';
export * from './model-access.loader';
