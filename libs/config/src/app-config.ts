import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { developmentSecretsInUse, Environment, NodeEnvironment } from './environment';

/**
 * Typed, validated settings grouped by concern. Inject this instead of reading process.env,
 * so every setting has one name, one default and one validation rule.
 */
@Injectable()
export class AppConfig {
  constructor(private readonly config: ConfigService<Environment, true>) {}

  private get<K extends keyof Environment>(key: K): Environment[K] {
    return this.config.get(key, { infer: true });
  }

  get isProduction(): boolean {
    return this.get('NODE_ENV') === NodeEnvironment.Production;
  }

  get isDevelopment(): boolean {
    return this.get('NODE_ENV') === NodeEnvironment.Development;
  }

  /** Secret settings still at their built-in development value (validation allows that only on a loopback HOST). */
  get developmentSecretsInUse(): string[] {
    return developmentSecretsInUse({
      JWT_ACCESS_SECRET: this.get('JWT_ACCESS_SECRET'),
      SIGNED_URL_SECRET: this.get('SIGNED_URL_SECRET'),
      ENCRYPTION_KEYS: this.get('ENCRYPTION_KEYS'),
    });
  }

  get http() {
    return {
      port: this.get('PORT'),
      host: this.get('HOST'),
      bodyLimitBytes: this.get('BODY_LIMIT_BYTES'),
      corsOrigins: this.get('CORS_ORIGINS') === '*' ? true : this.get('CORS_ORIGINS').split(',').map((o) => o.trim()),
      logLevel: this.get('LOG_LEVEL'),
      metricsEnabled: this.get('METRICS_ENABLED'),
      jsonMaxDepth: this.get('JSON_MAX_DEPTH'),
    };
  }

  get database() {
    return {
      uri: this.get('MONGODB_URI'),
      dbName: this.get('MONGODB_DB_NAME'),
      embeddedBackend: this.get('EMBEDDED_ENGINE_BACKEND'),
      embeddedDataDir: this.get('EMBEDDED_DATA_DIR'),
      embeddedStartTimeoutMs: this.get('EMBEDDED_ENGINE_START_TIMEOUT_MS'),
      debug: this.get('MONGOOSE_DEBUG'),
      slowQueryMs: this.get('SLOW_QUERY_MS'),
      serverSelectionTimeoutMs: this.get('MONGODB_SERVER_SELECTION_TIMEOUT_MS'),
    };
  }

  get auth() {
    return {
      accessSecret: this.get('JWT_ACCESS_SECRET'),
      accessTtlSeconds: this.get('JWT_ACCESS_TTL_SECONDS'),
      refreshTtlSeconds: this.get('REFRESH_TOKEN_TTL_SECONDS'),
      maxFailedLogins: this.get('LOGIN_MAX_FAILED_ATTEMPTS'),
      lockoutMinutes: this.get('LOGIN_LOCKOUT_MINUTES'),
      accountDelayMaxMs: this.get('LOGIN_ACCOUNT_DELAY_MAX_MS'),
      adminEmail: this.get('ADMIN_EMAIL'),
      adminPassword: this.get('ADMIN_PASSWORD'),
      twoFactorRequiredRoles: this.twoFactorRequiredRoles(),
    };
  }

  /** TWO_FACTOR_REQUIRED_ROLES, or its default: admins in production, nobody elsewhere. */
  private twoFactorRequiredRoles(): string[] {
    const raw = this.get('TWO_FACTOR_REQUIRED_ROLES');
    if (raw === undefined || raw === '') return this.isProduction ? ['admin'] : [];
    if (raw.trim() === 'none') return [];
    return raw.split(',').map((role) => role.trim());
  }

  /** Single sign-on through an OpenID provider (libs/auth/src/oidc); `issuerUrl` undefined: off. */
  get oidc() {
    const list = (raw: string) => raw.split(',').map((item) => item.trim()).filter(Boolean);
    return {
      issuerUrl: this.get('OIDC_ISSUER_URL') || undefined,
      clientId: this.get('OIDC_CLIENT_ID'),
      clientSecret: this.get('OIDC_CLIENT_SECRET'),
      scopes: this.get('OIDC_SCOPES').trim().split(/\s+/).join(' '),
      redirectUri: this.get('OIDC_REDIRECT_URI'),
      postLoginRedirect: this.get('OIDC_POST_LOGIN_REDIRECT'),
      provisionUsers: this.get('OIDC_PROVISION_USERS'),
      groupsClaim: this.get('OIDC_GROUPS_CLAIM'),
      /** [group, role] in configured order: the first group the user has decides. */
      roleMap: list(this.get('OIDC_ROLE_MAP')).map((pair) => {
        const at = pair.lastIndexOf(':');
        return [pair.slice(0, at), pair.slice(at + 1)] as [string, string];
      }),
      defaultRole: this.get('OIDC_DEFAULT_ROLE'),
      httpTimeoutMs: this.get('OIDC_HTTP_TIMEOUT_MS'),
      /** Plain-http issuers are accepted outside production only (a test provider on 127.0.0.1). */
      allowInsecureRequests: !this.isProduction,
      ssoEnforced: this.get('SSO_ENFORCED'),
      breakGlassEmails: list(this.get('SSO_BREAK_GLASS_EMAILS')).map((email) => email.toLowerCase()),
    };
  }

  get security() {
    return {
      encryptionKeys: this.get('ENCRYPTION_KEYS'),
      signedUrlSecret: this.get('SIGNED_URL_SECRET'),
      signedUrlTtlSeconds: this.get('SIGNED_URL_TTL_SECONDS'),
    };
  }

  get retention() {
    return {
      auditDays: this.get('AUDIT_RETENTION_DAYS'),
      auditPiiFields: this.get('AUDIT_PII_FIELDS').split(',').map((f) => f.trim()).filter(Boolean),
      notificationDays: this.get('NOTIFICATION_RETENTION_DAYS'),
      cvvHours: this.get('CVV_RETENTION_HOURS'),
    };
  }

  get files() {
    return {
      driver: this.get('FILE_STORAGE_DRIVER'),
      storageRoot: this.get('FILE_STORAGE_ROOT'),
      s3: {
        endpoint: this.get('S3_ENDPOINT') || undefined,
        region: this.get('S3_REGION') || 'us-east-1',
        bucket: this.get('S3_BUCKET'),
        credentials: this.get('S3_ACCESS_KEY_ID') ? { accessKeyId: this.get('S3_ACCESS_KEY_ID'), secretAccessKey: this.get('S3_SECRET_ACCESS_KEY') } : undefined,
        forcePathStyle: this.get('S3_FORCE_PATH_STYLE'),
      },
      maxBytes: this.get('FILE_MAX_BYTES'),
      /** Message attachments: largest size per detected type. */
      attachmentMaxBytes: {
        image: this.get('ATTACHMENT_MAX_BYTES_IMAGE'),
        document: this.get('ATTACHMENT_MAX_BYTES_DOCUMENT'),
        video: this.get('ATTACHMENT_MAX_BYTES_VIDEO'),
        audio: this.get('ATTACHMENT_MAX_BYTES_AUDIO'),
        archive: this.get('ATTACHMENT_MAX_BYTES_ARCHIVE'),
        other: this.get('ATTACHMENT_MAX_BYTES_OTHER'),
      },
    };
  }

  get billing() {
    return {
      catchUpMaxPeriods: this.get('BILLING_CATCH_UP_MAX_PERIODS'),
      paymentTermsDays: this.get('BILLING_PAYMENT_TERMS_DAYS'),
      pendingRepairMinutes: this.get('BILLING_PENDING_REPAIR_MINUTES'),
    };
  }

  /** Who invoices are from (printed on the PDF). */
  get agency() {
    return {
      name: this.get('AGENCY_NAME'),
      addressLines: this.get('AGENCY_ADDRESS').split('|').map((line) => line.trim()).filter(Boolean),
      taxId: this.get('AGENCY_TAX_ID'),
      email: this.get('AGENCY_EMAIL'),
      paymentDetails: this.get('AGENCY_PAYMENT_DETAILS'),
    };
  }

  /** Per client IP, per fixed minute, counted in MongoDB so every API instance shares the counts. */
  get rateLimit() {
    return {
      enabled: this.get('RATE_LIMIT_ENABLED'),
      /** 0: no ceiling across all routes. */
      globalPerMinute: this.get('RATE_LIMIT_GLOBAL_PER_MINUTE'),
      perMinute: {
        login: this.get('RATE_LIMIT_LOGIN_PER_MINUTE'),
        refresh: this.get('RATE_LIMIT_REFRESH_PER_MINUTE'),
        change_password: this.get('RATE_LIMIT_CHANGE_PASSWORD_PER_MINUTE'),
        uploads: this.get('RATE_LIMIT_UPLOADS_PER_MINUTE'),
      },
    };
  }

  /** SIGTERM: in-flight requests and running jobs get this long before the process closes. */
  get shutdown() {
    return { graceMs: this.get('SHUTDOWN_GRACE_MS') };
  }

  get scheduler() {
    return { enabled: this.get('SCHEDULER_ENABLED') };
  }

  /** The outbox, its live stream and webhooks (libs/events). */
  get events() {
    return {
      workerEnabled: this.get('EVENTS_WORKER_ENABLED'),
      retentionDays: this.get('EVENTS_RETENTION_DAYS'),
      pollMs: this.get('EVENTS_POLL_MS'),
      heartbeatMs: this.get('EVENTS_HEARTBEAT_MS'),
      webhookTimeoutMs: this.get('WEBHOOK_TIMEOUT_MS'),
      webhookMaxFailures: this.get('WEBHOOK_MAX_FAILURES'),
      webhookMaxAttempts: this.get('WEBHOOK_MAX_ATTEMPTS'),
      webhookRetryBaseMs: this.get('WEBHOOK_RETRY_BASE_MS'),
    };
  }
}
