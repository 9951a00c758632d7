export * from './crypto.module';
export * from './field-encryption.service';
export * from './hashing';
export * from './keyring';
