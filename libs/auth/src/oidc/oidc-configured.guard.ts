import { CanActivate, Injectable, NotFoundException } from '@nestjs/common';
import { AppConfig } from '@app/config';

/**
 * Single sign-on off (no OIDC_ISSUER_URL): its routes do not exist. A guard, so the 404 comes
 * before body validation — every /auth/oidc route answers the same 404 whatever it is sent.
 */
@Injectable()
export class OidcConfiguredGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(): boolean {
    if (!this.config.oidc.issuerUrl) throw new NotFoundException('Single sign-on is not configured (OIDC_ISSUER_URL is unset); sign in with POST /auth/login');
    return true;
  }
}
