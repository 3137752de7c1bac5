/**
 * One instance of the service for tests that run several and kill some: the real app, its
 * settings from the environment (as main.ts), the test API keys, an ephemeral port printed as
 * `listening <port>` once projections have started.
 * Usage: node -r ./test/support/swc-register.js test/support/instance-main.ts
 */
import 'reflect-metadata';
import { parseApiKeys } from '@ledger/http-kit';
import { createApp } from '../../src/bootstrap';
import { loadConfig } from '../../src/config';
import { TEST_KEYS } from './test-app';

async function main() {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...process.env });
  const app = await createApp(config, parseApiKeys(Object.entries(TEST_KEYS).map(([role, key]) => `${role}:${key}`).join(',')));
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`listening ${(app.getHttpServer().address() as { port: number }).port}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
