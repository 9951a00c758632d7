import { CanActivate, ExecutionContext, ForbiddenException, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { API_KEY_AREA } from '../decorators/api-key-area.decorator';
import { IS_PUBLIC } from '../decorators/public.decorator';
import { ROLES } from '../decorators/roles.decorator';
import { ALLOWED_DURING_ENROLMENT } from '../decorators/two-factor-enrolment.decorator';
import { ApiKeyAreaName, requiredScope, scopesAllow } from '../api-keys/api-key-scopes';
import type { AuthUser, Role } from '../role';

/**
 * Global, after the JWT guard: the one place that decides whether a principal may call a route.
 * Deny by default: a route that declares no roles admits nobody; a person needs one of its roles,
 * an API key the scope of its area (a route without an area admits no key); a session restricted
 * to two-factor enrolment reaches only the enrolment routes.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  private readonly logger = new Logger(RolesGuard.name);

  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets: [Function, Function] = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (!roles || roles.length === 0) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} declares no roles; denied`);
      throw new ForbiddenException('This route declares no roles and is closed');
    }
    const request = context.switchToHttp().getRequest<{ user?: AuthUser; method: string }>();
    const user = request.user;
    if (user?.kind === 'api_key') return this.admitApiKey(user, targets, request.method);
    if (user?.restriction === 'two_factor_enrolment' && !this.reflector.getAllAndOverride<boolean>(ALLOWED_DURING_ENROLMENT, targets)) {
      throw new ForbiddenException(
        'Two-factor authentication is required for your role: enrol with POST /auth/2fa/enroll and POST /auth/2fa/confirm, then POST /auth/refresh for a full session',
      );
    }
    if (!user || !roles.includes(user.role)) {
      throw new ForbiddenException(`This action requires one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }

  private admitApiKey(key: AuthUser, targets: [Function, Function], method: string): boolean {
    const area = this.reflector.getAllAndOverride<ApiKeyAreaName | null | undefined>(API_KEY_AREA, targets);
    if (!area) throw new ForbiddenException('This route cannot be called with an API key; sign in as a user');
    const scope = requiredScope(area, method);
    if (!scopesAllow(key.scopes ?? [], scope)) throw new ForbiddenException(`This API key lacks the scope ${scope}`);
    return true;
  }
}
