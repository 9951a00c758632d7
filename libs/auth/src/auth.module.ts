import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { MongooseModule } from '@nestjs/mongoose';
import { PassportModule } from '@nestjs/passport';
import { AppConfig } from '@app/config';
import { ApiKey, ApiKeySchema } from './api-keys/api-key.schema';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AccessPolicy } from './access/access-policy';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { JwtStrategy } from './auth/jwt.strategy';
import { NoStoreMiddleware } from './auth/no-store.middleware';
import { JwtAuthGuard } from './guards/jwt-auth.guard';
import { LoginAttempt, LoginAttemptSchema } from './login-attempts/login-attempt.schema';
import { LoginAttemptsService } from './login-attempts/login-attempts.service';
import { RolesGuard } from './guards/roles.guard';
import { PasswordHasher } from './users/password-hasher';
import { User, UserSchema } from './users/user.schema';
import { UsersController } from './users/users.controller';
import { UserDirectory } from './users/user-directory';
import { UsersService } from './users/users.service';
import { SecondFactorTokens } from './two-factor/second-factor-tokens';
import { TwoFactorController } from './two-factor/two-factor.controller';
import { TwoFactorService } from './two-factor/two-factor.service';
import { OidcController } from './oidc/oidc.controller';
import { OidcService } from './oidc/oidc.service';
import { OidcSignIn, OidcSignInSchema } from './oidc/oidc-sign-in.schema';
import { OidcSignInsStore } from './oidc/oidc-sign-ins.store';
import { OpenIdClientAdapter } from './oidc/openid-client.adapter';
import { SsoEnforcement } from './oidc/sso-enforcement';

/** Staff accounts, sessions, single sign-on (OIDC), API keys, the global deny-by-default guards (JWT or API key, then roles and scopes) and the row-level access policy. */
@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ secret: config.auth.accessSecret, signOptions: { algorithm: 'HS256' } }),
    }),
    MongooseModule.forFeature([
      { name: User.name, schema: UserSchema },
      { name: LoginAttempt.name, schema: LoginAttemptSchema },
      { name: ApiKey.name, schema: ApiKeySchema },
      { name: OidcSignIn.name, schema: OidcSignInSchema },
    ]),
  ],
  controllers: [AuthController, TwoFactorController, OidcController, UsersController, ApiKeysController],
  providers: [
    AccessPolicy,
    AuthService,
    ApiKeysService,
    SecondFactorTokens,
    TwoFactorService,
    OpenIdClientAdapter,
    OidcSignInsStore,
    OidcService,
    SsoEnforcement,
    LoginAttemptsService,
    UsersService,
    UserDirectory,
    PasswordHasher,
    JwtStrategy,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [AccessPolicy, UsersService, UserDirectory, LoginAttemptsService, TwoFactorService],
})
export class AuthModule implements NestModule {
  /** Tokens and profiles must never sit in a browser or proxy cache: every /auth answer, errors included. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(NoStoreMiddleware).forRoutes(AuthController, TwoFactorController, OidcController);
  }
}
