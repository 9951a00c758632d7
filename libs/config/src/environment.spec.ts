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
