import { ForbiddenException, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AppConfig } from '@app/config';
import { AUDIT_RECORD_EVENT, AuditAction, DomainEvent, DomainEvents, requestContext } from '@app/common';
import { Role } from '../role';
import { UsersService } from '../users/users.service';

export const PASSWORD_SIGN_IN_OFF = 'Password sign-in is off: this CRM uses single sign-on. Sign in through your identity provider at GET /auth/oidc/login';

/**
 * SSO_ENFORCED: password sign-in is refused, except for the break-glass admins
 * (SSO_BREAK_GLASS_EMAILS) — the way in when the identity provider is down. Each break-glass
 * sign-in is audited and notifies every other active admin. Sessions that already exist keep
 * refreshing until they expire (enforcement decides how a session may start, not who holds one).
 */
@Injectable()
export class SsoEnforcement {
  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly events: EventEmitter2,
    private readonly domainEvents: DomainEvents,
  ) {}

  /**
   * Before any password is checked: 403 for every email that is not break-glass (the same answer
   * whether the account exists or not, and no argon2 time spent). True for a break-glass email.
   */
  async admitPasswordSignIn(email: string): Promise<{ breakGlass: boolean }> {
    const { ssoEnforced, breakGlassEmails } = this.config.oidc;
    if (!ssoEnforced) return { breakGlass: false };
    if (breakGlassEmails.includes(email.toLowerCase())) return { breakGlass: true };
    await this.events.emitAsync(AUDIT_RECORD_EVENT, { action: AuditAction.LoginFailed, entity_type: 'user', metadata: { email, reason: 'sso_enforced' } });
    throw new ForbiddenException(PASSWORD_SIGN_IN_OFF);
  }

  /**
   * The password of a break-glass email passed. Only an admin is break-glass (a listed email of
   * another role is refused like everyone else); the sign-in is recorded and the other admins told.
   */
  async recordBreakGlassSignIn(user: { id: string; email: string; role: Role }): Promise<void> {
    if (user.role !== Role.Admin) {
      await this.events.emitAsync(AUDIT_RECORD_EVENT, { action: AuditAction.LoginFailed, entity_type: 'user', entity_id: user.id, actor_id: user.id, metadata: { email: user.email, reason: 'break_glass_not_admin' } });
      throw new ForbiddenException(PASSWORD_SIGN_IN_OFF);
    }
    const clientIp = requestContext.get()?.ip ?? 'unknown';
    await this.events.emitAsync(AUDIT_RECORD_EVENT, { action: AuditAction.BreakGlassLogin, entity_type: 'user', entity_id: user.id, actor_id: user.id, metadata: { email: user.email, sso_enforced: true } });
    const otherAdmins = (await this.users.activeIdsWithRole([Role.Admin])).filter((id) => id !== user.id);
    await this.domainEvents.emit(DomainEvent.BreakGlassSignIn, {
      recipient_ids: otherAdmins,
      actor_id: user.id,
      entity_type: 'user',
      entity_id: user.id,
      data: { admin_email: user.email, client_ip: clientIp },
    });
  }
}
