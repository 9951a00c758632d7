export * from './card';
export * from './crypto.module';
export * from './decryption.error';
export * from './field-encryption.plugin';
export { ENCRYPTION_KEYRING, FieldEncryptionService } from './field-encryption.service';
export * from './hashing';
export * from './keyring';
