import { DynamicModule, Global, Module } from '@nestjs/common';
import { ENCRYPTION_KEYRING, FieldEncryptionService } from './field-encryption.service';
import { Keyring } from './keyring';

export interface KeyringFactory {
  useFactory: (...args: any[]) => Keyring;
  inject?: any[];
}

/**
 * Global so every feature module can inject FieldEncryptionService without importing this one;
 * the keyring comes from a factory because it is read from configuration at boot.
 */
@Global()
@Module({})
export class CryptoModule {
  static forRoot(keyring: KeyringFactory): DynamicModule {
    return {
      module: CryptoModule,
      global: true,
      providers: [{ provide: ENCRYPTION_KEYRING, useFactory: keyring.useFactory, inject: keyring.inject ?? [] }, FieldEncryptionService],
      exports: [FieldEncryptionService, ENCRYPTION_KEYRING],
    };
  }
}
