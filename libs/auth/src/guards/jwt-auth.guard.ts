import { ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { isDatabaseUnavailableError } from '@app/common';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { IS_PUBLIC } from '../decorators/public.decorator';

/** `Bearer lc_…`: an API key rather than a JWT (the roles guard then checks its scopes). */
const API_KEY_HEADER = /^Bearer (lc_\S*)$/i;

/** Global: every route needs a valid access token or API key unless marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined>; user?: unknown }>();
    const header = request.headers.authorization;
    const apiKey = typeof header === 'string' ? API_KEY_HEADER.exec(header)?.[1] : undefined;
    if (apiKey !== undefined) {
      const principal = await this.apiKeys.authenticate(apiKey);
      if (!principal) throw new UnauthorizedException('The API key is invalid, expired or revoked');
      request.user = principal;
      return true;
    }
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    // The token may be fine: a database that cannot be reached is a 503 (retry), never a 401 (sign in again).
    if (isDatabaseUnavailableError(error)) throw error;
    if (error || !user) throw new UnauthorizedException('A valid access token is required');
    return user;
  }
}
