import { startEmbeddedEngine } from '../../libs/database/src/embedded-engine';

/** One in-memory engine for the whole e2e run; each test file gets its own database in it. */
export default async function globalSetup(): Promise<void> {
  if (process.env.MONGODB_URI) {
    process.env.TEST_MONGODB_URI = process.env.MONGODB_URI;
    return;
  }
  const engine = await startEmbeddedEngine({ backend: 'memory', dataDir: './data/test' });
  process.env.TEST_MONGODB_URI = engine.uri;
  (globalThis as { __ENGINE__?: typeof engine }).__ENGINE__ = engine;
}
