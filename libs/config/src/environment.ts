import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MaxLength,
  MinLength,
  validateSync,
} from 'class-validator';

export enum NodeEnvironment {
  Development = 'development',
  Production = 'production',
  Test = 'test',
}

// Reads the raw value: with enableImplicitConversion, `value` has already been through Boolean('false') === true.
const toBoolean = ({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
  const raw = obj[key];
  if (raw === undefined || typeof raw === 'boolean') return raw;
  return ['1', 'true', 'yes', 'on'].includes(String(raw).toLowerCase());
};

const PROXY_ENTRY = String.raw`(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)`;
const OIDC_ROLE_PAIR = String.raw`[^\s,:]+:(admin|manager|sales|support|tech)`;
const TRUST_PROXY_PATTERN = new RegExp(String.raw`^(off|false|${PROXY_ENTRY}(\s*,\s*${PROXY_ENTRY})*)$`);

/** Every setting the product reads. `.env.example` documents each one; keep the two in step. */
export class Environment {
  @IsEnum(NodeEnvironment)
  NODE_ENV: NodeEnvironment = NodeEnvironment.Development;

  @IsInt() @Min(0) @Max(65535)
  PORT: number = 3000;

  @IsString()
  HOST: string = '127.0.0.1';

  /** When unset, the embedded engine (or a local mongod on PATH) is started. */
  @IsOptional() @Matches(/^mongodb(\+srv)?:\/\//, { message: 'must start with mongodb:// or mongodb+srv://' })
  MONGODB_URI?: string;

  @IsString() @Matches(/^[A-Za-z0-9_-]{1,63}$/, { message: 'must be 1-63 letters, digits, _ or -' })
  MONGODB_DB_NAME: string = 'logic_camp';

  @IsEnum(['h2', 'memory'], { message: 'must be h2 (file-backed, survives restarts) or memory' })
  EMBEDDED_ENGINE_BACKEND: 'h2' | 'memory' = 'h2';

  @IsString()
  EMBEDDED_DATA_DIR: string = './data';

  @IsInt({ message: 'must be a whole number of milliseconds, e.g. 180000' }) @Min(1000, { message: 'must be at least 1000 ms' })
  EMBEDDED_ENGINE_START_TIMEOUT_MS: number = 180_000;

  @IsOptional() @IsBoolean() @Transform(toBoolean)
  MONGOOSE_DEBUG: boolean = false;

  @IsInt() @Min(1)
  SLOW_QUERY_MS: number = 200;

  /** How long a database operation waits for a reachable server before the request answers 503 "Database unavailable". */
  @IsInt() @Min(100, { message: 'must be at least 100 ms' }) @Max(60_000)
  MONGODB_SERVER_SELECTION_TIMEOUT_MS: number = 2000;

  /** On SIGTERM: how long in-flight requests and running jobs get to finish before connections are closed and the process exits. */
  @IsInt() @Min(0) @Max(600_000)
  SHUTDOWN_GRACE_MS: number = 10_000;

  @IsString() @MinLength(32, { message: 'must be at least 32 characters (use `openssl rand -base64 48`)' })
  JWT_ACCESS_SECRET: string = 'development-only-access-secret-change-me-0123456789';

  @IsInt() @Min(60) @Max(86400)
  JWT_ACCESS_TTL_SECONDS: number = 900;

  @IsInt() @Min(3600)
  REFRESH_TOKEN_TTL_SECONDS: number = 30 * 24 * 3600;

  @IsInt() @Min(1) @Max(100)
  LOGIN_MAX_FAILED_ATTEMPTS: number = 5;

  @IsInt() @Min(1)
  LOGIN_LOCKOUT_MINUTES: number = 15;

  /** Longest per-account delay before a password check once an account's failures (all clients) pass LOGIN_MAX_FAILED_ATTEMPTS; 0 disables it. */
  @IsInt() @Min(0) @Max(60_000)
  LOGIN_ACCOUNT_DELAY_MAX_MS: number = 5000;

  /**
   * Roles that must sign in with a second factor (comma-separated, or `none`). Unset: `admin` in
   * production, none in development and test (the first-run admin and the test suites sign in with a password).
   */
  @IsOptional() @Matches(/^(none|(admin|manager|sales|support|tech)(\s*,\s*(admin|manager|sales|support|tech))*)$/, {
    message: 'must be none or a comma-separated list of roles (admin, manager, sales, support, tech)',
  })
  TWO_FACTOR_REQUIRED_ROLES?: string;

  /** Single sign-on (OpenID Connect): the provider's issuer URL. Unset: SSO is off and /auth/oidc/* answer 404. */
  @IsOptional() @Matches(/^https?:\/\/[^\s?#]+$/, { message: 'must be the identity provider\'s issuer URL, e.g. https://login.example.com/realms/crm' })
  OIDC_ISSUER_URL?: string;

  @IsString() @MaxLength(200)
  OIDC_CLIENT_ID: string = '';

  /** Never logged and never echoed in a validation message. */
  @IsString()
  OIDC_CLIENT_SECRET: string = '';

  /** Space-separated scopes asked for; must include openid and email. */
  @Matches(/^(?=.*(^|\s)openid(\s|$))(?=.*(^|\s)email(\s|$))[\x21-\x7e]+(\s+[\x21-\x7e]+)*$/, { message: 'must be space-separated scopes including openid and email, e.g. "openid email profile groups"' })
  OIDC_SCOPES: string = 'openid email profile';

  /** This API's callback as registered at the provider: https://crm.example.com/api/auth/oidc/callback. */
  @Matches(/^(https?:\/\/[^\s?#]+)?$/, { message: 'must be an http(s) URL without query or fragment, ending in /auth/oidc/callback' })
  OIDC_REDIRECT_URI: string = '';

  /** The SPA page the callback sends the browser to, with `?code=` for POST /auth/oidc/exchange. */
  @Matches(/^(https?:\/\/[^\s?#]+)?$/, { message: 'must be an http(s) URL without query or fragment, e.g. https://crm.example.com/sso' })
  OIDC_POST_LOGIN_REDIRECT: string = '';

  /** true: an unknown (verified) email signing in through the provider becomes a new user; false: 403. */
  @IsOptional() @IsBoolean() @Transform(toBoolean)
  OIDC_PROVISION_USERS: boolean = false;

  /** The ID-token / userinfo claim listing the user's groups. */
  @IsString() @Matches(/^[A-Za-z0-9_:./-]{1,100}$/, { message: 'must be a claim name, e.g. groups or roles' })
  OIDC_GROUPS_CLAIM: string = 'groups';

  /** group:role pairs, comma-separated; the first pair whose group the user has gives the role. */
  @Matches(new RegExp(String.raw`^(${OIDC_ROLE_PAIR}(\s*,\s*${OIDC_ROLE_PAIR})*)?$`), {
    message: 'must be comma-separated group:role pairs with roles admin, manager, sales, support or tech, e.g. crm-admins:admin,sales:sales',
  })
  OIDC_ROLE_MAP: string = '';

  /** The role of a user none of whose groups is in OIDC_ROLE_MAP; unset: such a sign-in is refused (403). */
  @IsOptional() @IsEnum(['admin', 'manager', 'sales', 'support', 'tech'], { message: 'must be one of admin, manager, sales, support, tech (or unset: refuse users without a mapped group)' })
  OIDC_DEFAULT_ROLE?: 'admin' | 'manager' | 'sales' | 'support' | 'tech';

  /** Discovery (and every later call to the provider) gives up after this long: 503, never a hung request. */
  @IsInt() @Min(500, { message: 'must be at least 500 ms' }) @Max(60_000)
  OIDC_HTTP_TIMEOUT_MS: number = 5000;

  /** true: password sign-in is off (403 pointing to GET /auth/oidc/login) except for SSO_BREAK_GLASS_EMAILS. */
  @IsOptional() @IsBoolean() @Transform(toBoolean)
  SSO_ENFORCED: boolean = false;

  /** Admins who may still sign in with a password under SSO_ENFORCED (comma-separated emails); each use is audited and notifies the other admins. */
  @Matches(/^([^\s,@]+@[^\s,@]+(\s*,\s*[^\s,@]+@[^\s,@]+)*)?$/, { message: 'must be comma-separated email addresses' })
  SSO_BREAK_GLASS_EMAILS: string = '';

  @IsOptional() @IsString()
  ADMIN_EMAIL?: string;

  @IsOptional() @IsString()
  ADMIN_PASSWORD?: string;

  /** Comma-separated origins a browser SPA may call from (scheme://host[:port]), or * for any (outside production only). */
  @IsString()
  CORS_ORIGINS: string = '*';

  @IsInt() @Min(1024)
  BODY_LIMIT_BYTES: number = 1024 * 1024;

  @IsEnum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /** Proxies whose X-Forwarded-For is believed: "off", or comma-separated addresses/CIDRs (loopback, linklocal, uniquelocal allowed). */
  @Matches(TRUST_PROXY_PATTERN, { message: 'must be off or comma-separated proxy addresses/CIDRs, e.g. 10.0.0.0/8,127.0.0.1 (true is refused: it believes any client)' })
  TRUST_PROXY: string = 'off';

  /** A request (headers and body) not fully received within this is cut with a 408. */
  @IsInt() @Min(1000, { message: 'must be at least 1000 ms' })
  REQUEST_TIMEOUT_MS: number = 60_000;

  /** A socket with no traffic for this long is closed. */
  @IsInt() @Min(1000, { message: 'must be at least 1000 ms' })
  CONNECTION_TIMEOUT_MS: number = 60_000;

  /** Idle keep-alive sockets are closed after this; keep it above the load balancer's idle timeout. */
  @IsInt() @Min(1000, { message: 'must be at least 1000 ms' })
  KEEP_ALIVE_TIMEOUT_MS: number = 72_000;

  /** JSON bodies nested deeper than this are a 400 before they are parsed. */
  @IsInt() @Min(2) @Max(1000)
  JSON_MAX_DEPTH: number = 64;

  @IsOptional() @IsBoolean() @Transform(toBoolean)
  RATE_LIMIT_ENABLED: boolean = true;

  /** Requests per client IP per minute on every route (0: no global ceiling). */
  @IsInt() @Min(0)
  RATE_LIMIT_GLOBAL_PER_MINUTE: number = 1200;

  @IsInt() @Min(1)
  RATE_LIMIT_LOGIN_PER_MINUTE: number = 20;

  @IsInt() @Min(1)
  RATE_LIMIT_REFRESH_PER_MINUTE: number = 60;

  @IsInt() @Min(1)
  RATE_LIMIT_CHANGE_PASSWORD_PER_MINUTE: number = 5;

  /** Multipart uploads (project files, message attachments) per client IP per minute. */
  @IsInt() @Min(1)
  RATE_LIMIT_UPLOADS_PER_MINUTE: number = 30;

  /** Keyring "id:base64key,id2:base64key"; the last key encrypts, all decrypt. */
  @IsString() @Matches(/^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=]{43,44}(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=]{43,44})*$/, {
    message: 'must be "keyId:base64-32-byte-key[,keyId2:key2]" (make a key with `openssl rand -base64 32`)',
  })
  ENCRYPTION_KEYS: string = 'dev1:ZGV2ZWxvcG1lbnQtb25seS1rZXktMzItYnl0ZXMhISE=';

  @IsString() @MinLength(32, { message: 'must be at least 32 characters' })
  SIGNED_URL_SECRET: string = 'development-only-signed-url-secret-0123456789';

  @IsInt() @Min(10) @Max(86400)
  SIGNED_URL_TTL_SECONDS: number = 300;

  @IsInt() @Min(1)
  AUDIT_RETENTION_DAYS: number = 365;

  /** Extra field names redacted in audit records, comma-separated, on top of the built-in list. */
  @IsString()
  AUDIT_PII_FIELDS: string = '';

  @IsInt() @Min(1)
  NOTIFICATION_RETENTION_DAYS: number = 30;

  @IsInt() @Min(0)
  CVV_RETENTION_HOURS: number = 24;

  /** Where blobs live: `local` (FILE_STORAGE_ROOT on this machine's disk) or `s3` (an S3-compatible bucket, S3_*). */
  @IsEnum(['local', 's3'], { message: 'must be local (FILE_STORAGE_ROOT) or s3 (S3_BUCKET and the other S3_* settings)' })
  FILE_STORAGE_DRIVER: 'local' | 's3' = 'local';

  @IsString()
  FILE_STORAGE_ROOT: string = './storage';

  /** S3-compatible endpoint, e.g. https://s3.eu-central-1.amazonaws.com or http://minio:9000 (FILE_STORAGE_DRIVER=s3). */
  @Matches(/^(https?:\/\/[^/\s?#]+\/?)?$/, { message: 'must be an http(s)://host[:port] URL without a path' })
  S3_ENDPOINT: string = '';

  @Matches(/^([a-z0-9-]{2,32})?$/, { message: 'must be a region name such as us-east-1 or eu-central-1' })
  S3_REGION: string = '';

  @Matches(/^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])?$/, { message: 'must be an S3 bucket name: 3-63 lower-case letters, digits, dots or hyphens' })
  S3_BUCKET: string = '';

  @IsString()
  S3_ACCESS_KEY_ID: string = '';

  /** Never logged and never echoed in a validation message. */
  @IsString()
  S3_SECRET_ACCESS_KEY: string = '';

  /** true: the bucket goes in the path (MinIO, versitygw, most self-hosted servers); false: in the host name (AWS). */
  @IsOptional() @IsBoolean() @Transform(toBoolean)
  S3_FORCE_PATH_STYLE: boolean = false;

  @IsInt() @Min(1)
  FILE_MAX_BYTES: number = 25 * 1024 * 1024;

  /** Per detected type: the largest message attachment accepted (413 above it). */
  @IsInt() @Min(1)
  ATTACHMENT_MAX_BYTES_IMAGE: number = 10 * 1024 * 1024;

  @IsInt() @Min(1)
  ATTACHMENT_MAX_BYTES_DOCUMENT: number = 25 * 1024 * 1024;

  @IsInt() @Min(1)
  ATTACHMENT_MAX_BYTES_VIDEO: number = 100 * 1024 * 1024;

  @IsInt() @Min(1)
  ATTACHMENT_MAX_BYTES_AUDIO: number = 50 * 1024 * 1024;

  @IsInt() @Min(1)
  ATTACHMENT_MAX_BYTES_ARCHIVE: number = 50 * 1024 * 1024;

  @IsInt() @Min(1)
  ATTACHMENT_MAX_BYTES_OTHER: number = 10 * 1024 * 1024;

  /** Recurring billing: most missed periods one admin catch-up (POST /projects/:id/billing/catch-up) bills; the scheduler bills one per run. */
  @IsInt() @Min(1) @Max(120)
  BILLING_CATCH_UP_MAX_PERIODS: number = 12;

  /** Invoices: days from issue to the default due date. */
  @IsInt() @Min(0) @Max(365)
  BILLING_PAYMENT_TERMS_DAYS: number = 30;

  /** Invoices: a draft still being assembled (or discarded) this long after it started was cut by a crash; the repair job releases its items. */
  @IsInt() @Min(1) @Max(1440)
  BILLING_PENDING_REPAIR_MINUTES: number = 10;

  /** The agency printed on invoice PDFs. */
  @IsString() @MinLength(1) @MaxLength(200)
  AGENCY_NAME: string = 'Logic Camp';

  /** Address lines separated by `|`, e.g. `1 Main St|Springfield 12345|US`. */
  @IsOptional() @IsString() @MaxLength(500)
  AGENCY_ADDRESS: string = '';

  /** VAT / tax registration number printed on invoices. */
  @IsOptional() @IsString() @MaxLength(50)
  AGENCY_TAX_ID: string = '';

  @IsOptional() @IsString() @MaxLength(254)
  AGENCY_EMAIL: string = '';

  /** Bank details for payment, printed under the totals. */
  @IsOptional() @IsString() @MaxLength(300)
  AGENCY_PAYMENT_DETAILS: string = '';

  @IsOptional() @IsBoolean() @Transform(toBoolean)
  SCHEDULER_ENABLED: boolean = true;

  @IsOptional() @IsBoolean() @Transform(toBoolean)
  METRICS_ENABLED: boolean = true;

  /** Events out: this process runs the webhook delivery worker (the CLI and the in-process test app turn it off). */
  @IsOptional() @IsBoolean() @Transform(toBoolean)
  EVENTS_WORKER_ENABLED: boolean = true;

  /** Events out (libs/events): outbox events older than this are deleted by the events-retention job. */
  @IsInt() @Min(1)
  EVENTS_RETENTION_DAYS: number = 30;

  /** How often each process reads new outbox events for its live streams and webhook worker. */
  @IsInt() @Min(20) @Max(10_000)
  EVENTS_POLL_MS: number = 200;

  /** Live stream (GET /events/stream): a comment line this often keeps proxies from closing an idle stream. */
  @IsInt() @Min(100) @Max(300_000)
  EVENTS_HEARTBEAT_MS: number = 15_000;

  /** Webhooks: one delivery attempt's timeout (connect to last byte). */
  @IsInt() @Min(100) @Max(60_000)
  WEBHOOK_TIMEOUT_MS: number = 10_000;

  /** Webhooks: failed delivery attempts in a row after which an endpoint is disabled (and the admins notified). */
  @IsInt() @Min(1) @Max(1000)
  WEBHOOK_MAX_FAILURES: number = 5;

  /** Webhooks: attempts per delivery before it is given up (exponential backoff with jitter in between). */
  @IsInt() @Min(1) @Max(30)
  WEBHOOK_MAX_ATTEMPTS: number = 8;

  /** Webhooks: the first retry's delay; each further retry doubles it (±20 % jitter), at most one hour. */
  @IsInt() @Min(10) @Max(3_600_000)
  WEBHOOK_RETRY_BASE_MS: number = 30_000;
}

export const DEVELOPMENT_SECRET_KEYS = ['JWT_ACCESS_SECRET', 'SIGNED_URL_SECRET', 'ENCRYPTION_KEYS'] as const;

/** Addresses only this machine can reach: the one place the built-in development secrets are safe. */
export function isLoopbackHost(host: string): boolean {
  const value = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return value === 'localhost' || value === '::1' || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(value);
}

/** The secrets still at their built-in development value (set to it explicitly or left unset). */
export function developmentSecretsInUse(env: Pick<Environment, (typeof DEVELOPMENT_SECRET_KEYS)[number]>): string[] {
  const defaults = new Environment();
  return DEVELOPMENT_SECRET_KEYS.filter((key) => env[key] === defaults[key]);
}

/** Each origin is `scheme://host[:port]`; production names its SPA's origins (never `*`, never `null`: a sandboxed frame's origin). */
export function corsOriginProblems(env: Pick<Environment, 'CORS_ORIGINS' | 'NODE_ENV'>): string[] {
  const origins = env.CORS_ORIGINS.split(',').map((origin) => origin.trim());
  if (origins.includes('*')) {
    if (env.NODE_ENV === NodeEnvironment.Production) return ['CORS_ORIGINS: must list the SPA origins in production (e.g. https://crm.example.com), not *'];
    return origins.length > 1 ? ['CORS_ORIGINS: * stands alone (any origin) or is replaced by a list of origins'] : [];
  }
  const bad = origins.filter((origin) => !/^https?:\/\/[^/\s?#]+$/.test(origin));
  return bad.length ? [`CORS_ORIGINS: ${bad.map((o) => JSON.stringify(o)).join(', ')} is not an origin (scheme://host[:port], no path; "null" is never allowed)`] : [];
}

/** FILE_STORAGE_DRIVER=s3 needs its bucket; production names every S3 setting (no silent default endpoint or credential chain). */
export function fileStorageProblems(env: Pick<Environment, 'FILE_STORAGE_DRIVER' | 'NODE_ENV' | 'S3_ENDPOINT' | 'S3_REGION' | 'S3_BUCKET' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY'>): string[] {
  if (env.FILE_STORAGE_DRIVER !== 's3') return [];
  const required: (keyof typeof env)[] = env.NODE_ENV === NodeEnvironment.Production
    ? ['S3_ENDPOINT', 'S3_REGION', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']
    : ['S3_BUCKET'];
  const lines = required.filter((key) => !env[key]).map((key) => `${key}: must be set when FILE_STORAGE_DRIVER=s3${env.NODE_ENV === NodeEnvironment.Production ? ' in production' : ''}`);
  if (!env.S3_ACCESS_KEY_ID !== !env.S3_SECRET_ACCESS_KEY && env.NODE_ENV !== NodeEnvironment.Production) lines.push('S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY: set both or neither');
  return lines;
}

/** With an issuer, SSO needs its client, redirects and a way to give roles; SSO_ENFORCED needs SSO. */
export function singleSignOnProblems(
  env: Pick<Environment, 'NODE_ENV' | 'OIDC_ISSUER_URL' | 'OIDC_CLIENT_ID' | 'OIDC_REDIRECT_URI' | 'OIDC_POST_LOGIN_REDIRECT' | 'OIDC_ROLE_MAP' | 'OIDC_DEFAULT_ROLE' | 'SSO_ENFORCED'>,
): string[] {
  if (!env.OIDC_ISSUER_URL) return env.SSO_ENFORCED ? ['SSO_ENFORCED: needs single sign-on (set OIDC_ISSUER_URL and the other OIDC_* settings), or users could not sign in at all'] : [];
  const lines = (['OIDC_CLIENT_ID', 'OIDC_REDIRECT_URI', 'OIDC_POST_LOGIN_REDIRECT'] as const)
    .filter((key) => !env[key])
    .map((key) => `${key}: must be set when OIDC_ISSUER_URL is set`);
  if (!env.OIDC_ROLE_MAP && !env.OIDC_DEFAULT_ROLE) lines.push('OIDC_ROLE_MAP / OIDC_DEFAULT_ROLE: set at least one when OIDC_ISSUER_URL is set (how a signed-in user gets a role)');
  if (env.NODE_ENV === NodeEnvironment.Production) {
    for (const key of ['OIDC_ISSUER_URL', 'OIDC_REDIRECT_URI', 'OIDC_POST_LOGIN_REDIRECT'] as const) {
      if (env[key]?.startsWith('http://')) lines.push(`${key}: must be https in production`);
    }
  }
  return lines;
}

/**
 * Validates process.env once at start-up. Throws one error listing every bad key with its fix,
 * so an operator sees all problems in one go instead of one per restart.
 */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const defaults = new Environment();
  const provided = Object.fromEntries(
    Object.keys(defaults)
      .concat(['MONGODB_URI', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'TWO_FACTOR_REQUIRED_ROLES', 'OIDC_ISSUER_URL', 'OIDC_DEFAULT_ROLE'])
      .filter((key) => raw[key] !== undefined && raw[key] !== '')
      .map((key) => [key, raw[key]]),
  );
  const env = plainToInstance(Environment, { ...defaults, ...provided }, { enableImplicitConversion: true });
  const errors = validateSync(env, { skipMissingProperties: false });
  const lines = errors.flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) => `${error.property}: ${message.replace(`${error.property} `, '')}`),
  );
  // The built-in secrets are public (they are in this file): anyone who can reach the API could forge tokens with them.
  for (const key of developmentSecretsInUse(env)) {
    if (env.NODE_ENV === NodeEnvironment.Production) lines.push(`${key}: must be set in production (the built-in value is for development only)`);
    else if (!isLoopbackHost(env.HOST)) lines.push(`${key}: must be set when HOST is not a loopback address (HOST=${env.HOST}; the built-in value is for development on 127.0.0.1 only)`);
  }
  lines.push(...corsOriginProblems(env));
  lines.push(...fileStorageProblems(env));
  lines.push(...singleSignOnProblems(env));
  if ((env.ADMIN_EMAIL === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
    lines.push('ADMIN_EMAIL / ADMIN_PASSWORD: set both or neither');
  }
  if (lines.length > 0) {
    throw new Error(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return env;
}
