import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { logProcessWarnings } from '@app/common';
import { AppConfig } from '@app/config';
import { createApp } from './bootstrap';
import { apiStartupLogger } from './logging';

async function main(): Promise<void> {
  logProcessWarnings((record, message) => apiStartupLogger().warn({ ...record, msg: message }, 'process'));
  const app = await createApp();
  const { port, host } = app.get(AppConfig).http;
  await app.listen(port, host);
  // The bound address, not the setting: PORT=0 picks a free port (the live-server tests read this line).
  const url = (await app.getUrl()).replace('[::1]', 'localhost');
  new Logger('Bootstrap').log(`Logic Camp CRM API on ${url} — docs at ${url}/docs`);
}

// A failed start exits at once with a non-zero code, after one log line saying why: the
// embedded engine's pipe or a half-open driver pool would otherwise keep a process that will
// never serve alive.
main().catch((error: unknown) => {
  apiStartupLogger().fatal(error instanceof Error ? error.message : String(error), 'Bootstrap');
  process.exit(1);
});
