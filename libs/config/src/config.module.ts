import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfig } from './app-config';
import { DevelopmentSecretsWarning } from './development-secrets.warning';
import { validateEnvironment } from './environment';

/** Reads and validates the environment when `forRoot()` is called, so tests can set it first. */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [ConfigModule.forRoot({ isGlobal: true, cache: true, ignoreEnvFile: process.env.NODE_ENV === 'test', validate: validateEnvironment })],
      providers: [AppConfig, DevelopmentSecretsWarning],
      exports: [AppConfig],
    };
  }
}
