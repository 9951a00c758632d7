import 'reflect-metadata';
import { AppConfig } from '@app/config';
import { createApp } from './bootstrap';

async function main(): Promise<void> {
  const app = await createApp();
  const { port, host } = app.get(AppConfig).http;
  await app.listen(port, host);
  console.log(`Logic Camp CRM API on http://${host}:${port} — docs at http://${host}:${port}/docs`);
}

// A failed start exits at once with a non-zero code: the embedded engine's pipe or a half-open
// driver pool would otherwise keep a process that will never serve alive.
main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
