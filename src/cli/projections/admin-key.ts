import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ApiKey, ApiKeysError, parseApiKeys, resolveApiKeys } from '@ledger/http-kit';
import type { AppConfig } from '../../config';
import { CliError } from '../cli-errors';

/** Where the server writes the keys it generates when API_KEYS is not set (as src/main.ts does). */
export function generatedKeysFile(config: AppConfig): string {
  return resolve(join(config.SQLITE_PATH === ':memory:' ? './data' : dirname(config.SQLITE_PATH), 'api-keys.env'));
}

/**
 * The admin key the server accepts: from API_KEYS, else from the file the server generated on its
 * first start. Never generates one: a key the server does not know would only get 401.
 */
export function adminKey(config: AppConfig): string {
  const keysFile = generatedKeysFile(config);
  const admin = readKeys(config, keysFile).find((key) => key.role === 'admin');
  if (!admin) throw new CliError(`No admin key in ${config.API_KEYS ? 'API_KEYS' : keysFile}: add an admin:<key> pair`);
  return admin.key;
}

function readKeys(config: AppConfig, keysFile: string): ApiKey[] {
  try {
    if (config.API_KEYS) return parseApiKeys(config.API_KEYS);
    if (existsSync(keysFile)) return resolveApiKeys(undefined, keysFile).keys;
  } catch (error) {
    if (error instanceof ApiKeysError) throw new CliError(error.message);
    throw error;
  }
  throw new CliError(`No admin key: set API_KEYS (with an admin:<key> pair), or start the server once: it writes its keys to ${keysFile}`);
}
