export default async function globalTeardown(): Promise<void> {
  const engine = (globalThis as { __ENGINE__?: { stop(): Promise<void> } }).__ENGINE__;
  await engine?.stop();
}
