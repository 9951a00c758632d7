import 'reflect-metadata';
import { AppConfig } from '@app/config';
import { createApp } from './bootstrap';

async function main(): Promise<void> {
  const app = await createApp();
  const { port, host } = app.get(AppConfig).http;
  await app.listen(port, host);
  // The bound address, not the setting: PORT=0 picks a free port (the live-server tests read this line).
  const url = (await app.getUrl()).replace('[::1]', 'localhost');
  console.log(`Logic Camp CRM API on ${url} — docs at ${url}/docs`);
}

// A failed start exits at once with a non-zero code: the embedded engine's pipe or a half-open
// driver pool would otherwise keep a process that will never serve alive.
main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
