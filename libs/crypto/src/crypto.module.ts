import { DynamicModule, Global, Module } from '@nestjs/common';
import { FieldEncryptionService, ENCRYPTION_KEYRING } from './field-encryption.service';
import { Keyring } from './keyring';

export interface KeyringFactory {
  useFactory: (...args: any[]) => Keyring;
  inject?: any[];
}

@Global()
@Module({})
export class CryptoModule {
  static forRoot(keyring: KeyringFactory): DynamicModule {
    return {
      module: CryptoModule,
      providers: [{ provide: ENCRYPTION_KEYRING, useFactory: keyring.useFactory, inject: keyring.inject ?? [] }, FieldEncryptionService],
      exports: [FieldEncryptionService, ENCRYPTION_KEYRING],
    };
  }
}
