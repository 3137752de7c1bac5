import 'reflect-metadata';
import { join, dirname, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { resolveApiKeys } from '@ledger/http-kit';
import { createApp } from './bootstrap';
import { loadConfig } from './config';
import { drainOnSignals, withoutNestDrainHandlers } from './graceful-shutdown';

async function main() {
  const config = loadConfig();
  const keysFile = resolve(join(config.SQLITE_PATH === ':memory:' ? './data' : dirname(config.SQLITE_PATH), 'api-keys.env'));
  const apiKeys = resolveApiKeys(config.API_KEYS, keysFile);
  const app = await withoutNestDrainHandlers(() => createApp(config, apiKeys.keys));
  const logger = new Logger('Main');
  if (apiKeys.generatedInto) {
    logger.warn(`API_KEYS is not set: generated one key per role into ${apiKeys.generatedInto} (mode 0600). Set API_KEYS to choose your own.`);
  } else if (apiKeys.readFrom) {
    logger.log(`API_KEYS is not set: using the keys generated earlier in ${apiKeys.readFrom}`);
  }
  drainOnSignals(app);
  await app.listen({ port: config.PORT, host: '0.0.0.0' });
  logger.log(`Listening on :${config.PORT} (event store: ${config.EVENT_STORE} ${config.SQLITE_PATH}); API docs at /docs`);
}

main().catch((error: Error) => {
  // Configuration mistakes are the common case here: say what is wrong, without a stack trace.
  const known = ['ConfigError', 'ApiKeysError'].includes(error.name);
  console.error(known ? error.message : error);
  process.exit(1);
});
