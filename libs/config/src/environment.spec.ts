import { validateEnvironment } from './environment';

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

  it('coerces numbers and booleans from strings', () => {
    const env = validateEnvironment({ PORT: '4000', MONGOOSE_DEBUG: 'true' });
    expect(env.PORT).toBe(4000);
    expect(env.MONGOOSE_DEBUG).toBe(true);
  });
});
