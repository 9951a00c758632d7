import { corsOriginProblems, developmentSecretsInUse, Environment, isLoopbackHost, NodeEnvironment, validateEnvironment } from './environment';

describe('validateEnvironment', () => {
  it('accepts an empty environment with development defaults', () => {
    const env = validateEnvironment({});
    expect(env.PORT).toBe(3000);
    expect(env.MONGODB_URI).toBeUndefined();
  });

  it('lists every bad key on its own line with the fix', () => {
    expect(() => validateEnvironment({ PORT: 'abc', MONGODB_URI: 'postgres://x', JWT_ACCESS_SECRET: 'short' })).toThrow(
      /PORT: .*\n.*MONGODB_URI: must start with mongodb:\/\/.*\n.*JWT_ACCESS_SECRET: must be at least 32 characters/s,
    );
  });

  it('requires real secrets in production', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'production' })).toThrow(/JWT_ACCESS_SECRET: must be set in production/);
  });

  it('refuses the built-in development secrets when HOST is not loopback, naming each key', () => {
    expect(() => validateEnvironment({ HOST: '0.0.0.0' })).toThrow(
      /JWT_ACCESS_SECRET: must be set when HOST is not a loopback address \(HOST=0\.0\.0\.0.*\n.*SIGNED_URL_SECRET: .*\n.*ENCRYPTION_KEYS: /s,
    );
    // Setting the built-in value explicitly is still the built-in value.
    expect(() => validateEnvironment({ HOST: '10.0.0.5', JWT_ACCESS_SECRET: new Environment().JWT_ACCESS_SECRET })).toThrow(/JWT_ACCESS_SECRET: must be set/);
  });

  it('accepts the built-in development secrets on loopback, and real secrets anywhere', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2']) expect(validateEnvironment({ HOST: host }).HOST).toBe(host);
    const real = {
      HOST: '0.0.0.0',
      JWT_ACCESS_SECRET: 'a-real-secret-that-is-long-enough-0123456789',
      SIGNED_URL_SECRET: 'another-real-secret-long-enough-0123456789',
      ENCRYPTION_KEYS: 'k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
    };
    const env = validateEnvironment(real);
    expect(developmentSecretsInUse(env)).toEqual([]);
    expect(developmentSecretsInUse(validateEnvironment({}))).toEqual(['JWT_ACCESS_SECRET', 'SIGNED_URL_SECRET', 'ENCRYPTION_KEYS']);
  });

  it('knows loopback addresses from the others', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.1', '127.0.0.1.example.com', 'api.logic.camp', ''].some(isLoopbackHost)).toBe(false);
  });

  it('coerces numbers and booleans from strings', () => {
    const env = validateEnvironment({ PORT: '4000', MONGOOSE_DEBUG: 'true' });
    expect(env.PORT).toBe(4000);
    expect(env.MONGOOSE_DEBUG).toBe(true);
  });
});

describe('CORS_ORIGINS', () => {
  const problems = (CORS_ORIGINS: string, NODE_ENV = NodeEnvironment.Development) => corsOriginProblems({ CORS_ORIGINS, NODE_ENV });

  it('allows * only outside production', () => {
    expect(problems('*')).toEqual([]);
    expect(problems('*', NodeEnvironment.Production)).toEqual([expect.stringContaining('must list the SPA origins in production')]);
  });

  it('takes a list of origins, and refuses null, paths and bare hosts', () => {
    expect(problems('https://crm.example.com, http://localhost:5173', NodeEnvironment.Production)).toEqual([]);
    expect(problems('null')).toEqual([expect.stringContaining('"null" is not an origin')]);
    expect(problems('https://crm.example.com/app')).toHaveLength(1);
    expect(problems('crm.example.com')).toHaveLength(1);
    expect(problems('*,https://crm.example.com')).toEqual([expect.stringContaining('stands alone')]);
  });
});

describe('FILE_STORAGE_DRIVER and S3_*', () => {
  const s3 = { S3_ENDPOINT: 'https://s3.eu-central-1.amazonaws.com', S3_REGION: 'eu-central-1', S3_BUCKET: 'crm-files', S3_ACCESS_KEY_ID: 'AKIAEXAMPLE', S3_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
  const production = { NODE_ENV: 'production', JWT_ACCESS_SECRET: 'p'.repeat(40), SIGNED_URL_SECRET: 's'.repeat(40), ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`, CORS_ORIGINS: 'https://crm.example.com' };

  it('defaults to the local disk and needs no S3 setting for it', () => {
    expect(validateEnvironment({}).FILE_STORAGE_DRIVER).toBe('local');
    expect(validateEnvironment({ FILE_STORAGE_DRIVER: 'local', ...production }).FILE_STORAGE_DRIVER).toBe('local');
  });

  it('refuses an unknown driver', () => {
    expect(() => validateEnvironment({ FILE_STORAGE_DRIVER: 'gcs' })).toThrow(/FILE_STORAGE_DRIVER: must be local \(FILE_STORAGE_ROOT\) or s3/);
  });

  it('s3 needs a bucket; in production every S3 setting, each named', () => {
    expect(() => validateEnvironment({ FILE_STORAGE_DRIVER: 's3' })).toThrow(/S3_BUCKET: must be set when FILE_STORAGE_DRIVER=s3$/m);
    expect(validateEnvironment({ FILE_STORAGE_DRIVER: 's3', S3_BUCKET: 'dev-files', S3_FORCE_PATH_STYLE: 'true' }).S3_FORCE_PATH_STYLE).toBe(true);
    expect(() => validateEnvironment({ ...production, FILE_STORAGE_DRIVER: 's3', S3_BUCKET: 'crm-files' })).toThrow(
      /S3_ENDPOINT: must be set when FILE_STORAGE_DRIVER=s3 in production\n.*S3_REGION: .*\n.*S3_ACCESS_KEY_ID: .*\n.*S3_SECRET_ACCESS_KEY: must be set/s,
    );
    expect(validateEnvironment({ ...production, FILE_STORAGE_DRIVER: 's3', ...s3 }).S3_BUCKET).toBe('crm-files');
  });

  it('checks endpoint, region and bucket shapes, and never echoes the secret', () => {
    const attempt = () => validateEnvironment({ FILE_STORAGE_DRIVER: 's3', ...s3, S3_ENDPOINT: 's3.example.com/path', S3_REGION: 'EU Central', S3_BUCKET: 'Crm_Files', S3_ACCESS_KEY_ID: '' });
    expect(attempt).toThrow(/S3_ENDPOINT: must be an http\(s\):\/\/host\[:port\] URL.*\n.*S3_REGION: .*\n.*S3_BUCKET: must be an S3 bucket name.*\n.*S3_ACCESS_KEY_ID \/ S3_SECRET_ACCESS_KEY: set both or neither/s);
    expect(attempt).not.toThrow(new RegExp(s3.S3_SECRET_ACCESS_KEY.replace(/[/+]/g, '.')));
  });
});

describe('single sign-on (OIDC_*, SSO_*)', () => {
  const sso = {
    OIDC_ISSUER_URL: 'https://login.example.com/realms/crm',
    OIDC_CLIENT_ID: 'crm',
    OIDC_CLIENT_SECRET: 'very-secret-client-secret-value',
    OIDC_REDIRECT_URI: 'https://crm.example.com/api/auth/oidc/callback',
    OIDC_POST_LOGIN_REDIRECT: 'https://crm.example.com/sso',
    OIDC_ROLE_MAP: 'crm-admins:admin, sales-team:sales',
  };

  it('is off without an issuer, and SSO_ENFORCED then refuses to start', () => {
    expect(validateEnvironment({}).OIDC_ISSUER_URL).toBeUndefined();
    expect(() => validateEnvironment({ SSO_ENFORCED: 'true' })).toThrow(/SSO_ENFORCED: needs single sign-on/);
  });

  it('with an issuer, names each missing setting and needs a role map or a default role', () => {
    expect(() => validateEnvironment({ OIDC_ISSUER_URL: sso.OIDC_ISSUER_URL })).toThrow(
      /OIDC_CLIENT_ID: must be set.*\n.*OIDC_REDIRECT_URI: must be set.*\n.*OIDC_POST_LOGIN_REDIRECT: must be set.*\n.*OIDC_ROLE_MAP \/ OIDC_DEFAULT_ROLE: set at least one/s,
    );
    expect(validateEnvironment({ ...sso, OIDC_ROLE_MAP: '', OIDC_DEFAULT_ROLE: 'support' }).OIDC_DEFAULT_ROLE).toBe('support');
    expect(validateEnvironment({ ...sso, SSO_ENFORCED: 'true', SSO_BREAK_GLASS_EMAILS: 'root@example.com, ops@example.com' }).SSO_ENFORCED).toBe(true);
  });

  it('validates the role map against the five roles, the scopes and the break-glass list, never echoing the client secret', () => {
    const attempt = () => validateEnvironment({ ...sso, OIDC_ROLE_MAP: 'crm-admins:superuser', OIDC_SCOPES: 'profile groups', SSO_BREAK_GLASS_EMAILS: 'not-an-email', OIDC_DEFAULT_ROLE: 'owner' });
    expect(attempt).toThrow(/OIDC_SCOPES: must be space-separated scopes including openid and email/);
    expect(attempt).toThrow(/OIDC_ROLE_MAP: must be comma-separated group:role pairs with roles admin, manager, sales, support or tech/);
    expect(attempt).toThrow(/OIDC_DEFAULT_ROLE: must be one of admin, manager, sales, support, tech/);
    expect(attempt).toThrow(/SSO_BREAK_GLASS_EMAILS: must be comma-separated email addresses/);
    expect(attempt).not.toThrow(new RegExp(sso.OIDC_CLIENT_SECRET));
  });

  it('refuses plain-http provider and redirect URLs in production', () => {
    const production = { NODE_ENV: 'production', JWT_ACCESS_SECRET: 'p'.repeat(40), SIGNED_URL_SECRET: 's'.repeat(40), ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`, CORS_ORIGINS: 'https://crm.example.com' };
    expect(() => validateEnvironment({ ...production, ...sso, OIDC_ISSUER_URL: 'http://login.example.com' })).toThrow(/OIDC_ISSUER_URL: must be https in production/);
    expect(validateEnvironment({ ...production, ...sso }).OIDC_ISSUER_URL).toBe(sso.OIDC_ISSUER_URL);
  });
});
