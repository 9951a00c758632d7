import { ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { AppConfig } from '@app/config';
import { AUDIT_RECORD_EVENT, AuditAction, AuditRecord, badRequest, requestContext } from '@app/common';
import { FieldEncryptionService, randomToken, sha256Hex } from '@app/crypto';
import { AuthService, IssuedTokens, TwoFactorChallenge } from '../auth/auth.service';
import { CHALLENGE_TTL_SECONDS, SecondFactorTokens } from '../two-factor/second-factor-tokens';
import { CreateUserDto } from '../users/dto/create-user.dto';
import { User, UserDocument } from '../users/user.schema';
import { UsersService } from '../users/users.service';
import { OpenIdClientAdapter } from './openid-client.adapter';
import { OidcSecondFactor } from './oidc-sign-in.schema';
import { OidcSignInsStore } from './oidc-sign-ins.store';
import { mapGroupsToRole, ProviderIdentity, readProviderIdentity } from './provider-identity';

const START_AGAIN = 'start again at GET /auth/oidc/login';

/**
 * Single sign-on through an OpenID provider: authorization code with PKCE, the user matched by
 * verified email (optionally provisioned), the role taken from the provider's groups, and the
 * session started by the same machinery as a password sign-in (refresh-token family, token
 * version, TOTP challenge). Tokens never travel in a URL: the callback hands the SPA a one-time
 * code (60 s, single use, stored hashed) that POST /auth/oidc/exchange trades for them.
 */
@Injectable()
export class OidcService {
  constructor(
    private readonly config: AppConfig,
    private readonly provider: OpenIdClientAdapter,
    private readonly signIns: OidcSignInsStore,
    private readonly encryption: FieldEncryptionService,
    private readonly auth: AuthService,
    private readonly usersService: UsersService,
    private readonly secondFactorTokens: SecondFactorTokens,
    private readonly events: EventEmitter2,
    @InjectModel(User.name) private readonly users: Model<User>,
  ) {}

  /** The provider's authorization URL; state, nonce and PKCE verifier stay here (state and verifier never in clear). */
  async startSignIn(): Promise<URL> {
    const request = await this.provider.authorizationRequest();
    await this.signIns.open(sha256Hex(request.state), request.nonce, this.encryption.encrypt(request.codeVerifier));
    return request.url;
  }

  /**
   * The provider's redirect back. The attempt is claimed first (a replayed or forged state finds
   * nothing), then openid-client validates the answer; on success the SPA's URL with a one-time
   * code. Every refusal is audited (`login_failed`, method oidc) and ends the attempt.
   */
  async completeCallback(query: Record<string, unknown>, rawQuery: string): Promise<URL> {
    // One string: a repeated ?state= (an array) is as unusable as a missing one.
    if (typeof query.state !== 'string' || !query.state) throw badRequest(`state is missing from the callback; ${START_AGAIN}`, [{ field: 'state', message: 'is required, once' }]);
    const pending = await this.signIns.claim(sha256Hex(query.state));
    if (!pending) {
      await this.audit({ action: AuditAction.LoginFailed, entity_type: 'user', metadata: { method: 'oidc', reason: 'unknown_or_used_state' } });
      throw badRequest(`This sign-in is unknown, expired or already completed; ${START_AGAIN}`, [{ field: 'state', message: 'is unknown, expired or already used' }]);
    }
    let identity: ProviderIdentity;
    let user: UserDocument;
    try {
      const callbackUrl = new URL(this.config.oidc.redirectUri);
      callbackUrl.search = rawQuery;
      const claims = await this.provider.redeem(callbackUrl, { state: query.state, nonce: pending.nonce, codeVerifier: this.encryption.decrypt(pending.codeVerifierEncrypted) });
      identity = readProviderIdentity(claims, this.config.oidc.groupsClaim);
      user = await this.signedInUser(identity);
    } catch (error) {
      await this.signIns.discard(pending.id);
      throw error;
    }
    const exchangeCode = randomToken(32);
    const secondFactor = identity.multiFactor ? OidcSecondFactor.ProviderMfa : user.two_factor_enabled ? OidcSecondFactor.TotpRequired : OidcSecondFactor.None;
    await this.signIns.authenticate(pending.id, sha256Hex(exchangeCode), user.id, secondFactor);
    const target = new URL(this.config.oidc.postLoginRedirect);
    target.searchParams.set('code', exchangeCode);
    return target;
  }

  /** The one-time code from the callback: the token pair, or a two-factor challenge when the account's TOTP step is still due. */
  async exchange(code: string, userAgent?: string): Promise<IssuedTokens | TwoFactorChallenge> {
    const signIn = await this.signIns.redeem(sha256Hex(code));
    if (!signIn) throw new UnauthorizedException(`The sign-in code is invalid, expired or already used; ${START_AGAIN}`);
    const user = await this.users.findOne({ _id: signIn.userId, is_active: true });
    if (!user) throw new UnauthorizedException(`The account is no longer active; ${START_AGAIN}`);
    requestContext.setUserId(user.id);
    if (signIn.secondFactor === OidcSecondFactor.TotpRequired && user.two_factor_enabled) {
      // The provider did not report MFA: the account's own TOTP step follows, exactly as after a password.
      return { two_factor_required: true, challenge: await this.secondFactorTokens.issueChallenge(user.id), challenge_expires_in: CHALLENGE_TTL_SECONDS };
    }
    const providerMfa = signIn.secondFactor === OidcSecondFactor.ProviderMfa;
    const tokens = await this.auth.startSession(user, userAgent, providerMfa ? new Date() : null);
    await this.audit({ action: AuditAction.Login, entity_type: 'user', entity_id: user.id, actor_id: user.id, metadata: { method: 'oidc', ...(providerMfa ? { second_factor: 'provider_mfa' } : {}) } });
    return tokens;
  }

  /**
   * The CRM user for a validated identity: verified email required; matched by email; deactivated
   * or deleted accounts refused; unknown ones provisioned only with OIDC_PROVISION_USERS. The
   * provider's groups decide the role at every sign-in (a changed role revokes older sessions and,
   * for a former admin, their API keys — the rules of an admin's role change).
   */
  private async signedInUser(identity: ProviderIdentity): Promise<UserDocument> {
    const refuse = async (reason: string, message: string, userId?: string): Promise<never> => {
      await this.audit({ action: AuditAction.LoginFailed, entity_type: 'user', entity_id: userId, actor_id: userId, metadata: { method: 'oidc', reason, email: identity.email } });
      throw new ForbiddenException(message);
    };
    if (!identity.email) return refuse('no_email', 'The identity provider sent no email address; grant the email scope to this application at the provider');
    if (!identity.emailVerified) return refuse('email_not_verified', 'The identity provider has not verified this email address (email_verified is not true); verify it at the provider, then sign in again');
    const { roleMap, defaultRole, provisionUsers } = this.config.oidc;
    const role = mapGroupsToRole(identity.groups, roleMap, defaultRole);
    const existing = await this.users.findOne({ email: identity.email }).setOptions({ withDeleted: true });
    if (existing && (!existing.is_active || existing.deleted_at)) return refuse('deactivated', 'This account is deactivated; ask an administrator', existing.id);
    if (!role) return refuse('no_mapped_group', 'None of your identity provider groups gives a role in this CRM (OIDC_ROLE_MAP); ask an administrator to add you to a mapped group', existing?.id);
    if (existing) {
      if (existing.role !== role) {
        requestContext.setUserId(existing.id);
        await this.usersService.update(existing.id, { role }, existing.id);
        return this.users.findById(existing._id).orFail();
      }
      return existing;
    }
    if (!provisionUsers) return refuse('unknown_user', 'There is no CRM account for this email address, and accounts are not created at sign-on (OIDC_PROVISION_USERS); ask an administrator to create yours');
    return this.provision(identity, role);
  }

  /** A new user from the provider's claims. Its password is random and never shown: this account signs in through the provider. */
  private async provision(identity: ProviderIdentity, role: NonNullable<ReturnType<typeof mapGroupsToRole>>): Promise<UserDocument> {
    const dto: CreateUserDto = { first_name: identity.firstName, last_name: identity.lastName, email: identity.email!, password: randomToken(32), role } as CreateUserDto;
    let created: { _id: unknown };
    try {
      created = await this.usersService.create(dto);
    } catch (error) {
      // Two first sign-ins of one person at once: the unique email lets one create; the other signs in as it.
      if ((error as { code?: number }).code !== 11000) throw error;
      return this.users.findOne({ email: identity.email, is_active: true }).orFail(new ForbiddenException('This account is deactivated; ask an administrator'));
    }
    const user = await this.users.findById(created._id).orFail();
    await this.audit({ action: AuditAction.UserProvisioned, entity_type: 'user', entity_id: user.id, actor_id: user.id, metadata: { method: 'oidc', role, groups: identity.groups.slice(0, 20) } });
    return user;
  }

  private async audit(record: AuditRecord): Promise<void> {
    await this.events.emitAsync(AUDIT_RECORD_EVENT, record);
  }
}
