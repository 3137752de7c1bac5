import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const ROLES = ['service', 'analyst', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A caller's identity as it may be recorded: the role and a fingerprint, never the key. */
export interface Actor {
  readonly role: Role;
  /** First 12 hex digits of the key's SHA-256: stable across restarts, useless to an attacker. */
  readonly keyId: string;
}

export interface ApiKey extends Actor {
  readonly key: string;
}

export class ApiKeysError extends Error {
  override name = 'ApiKeysError';
}

export const keyFingerprint = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 12);

/** Parses `API_KEYS`: comma-separated `role:key` pairs, e.g. `service:s3cret,analyst:an4lyst`. */
export function parseApiKeys(spec: string): ApiKey[] {
  const keys = spec
    .split(',')
    .map((pair) => pair.trim())
    .filter((pair) => pair.length > 0)
    .map((pair, index) => {
      const separator = pair.indexOf(':');
      const role = pair.slice(0, separator);
      const key = pair.slice(separator + 1);
      if (separator < 1 || !(ROLES as readonly string[]).includes(role)) {
        throw new ApiKeysError(`API_KEYS: entry ${index + 1} must be role:key with role one of ${ROLES.join(', ')}`);
      }
      // Short keys can be guessed; the generated ones have 32 random bytes.
      if (key.length < 8) throw new ApiKeysError(`API_KEYS: the ${role} key of entry ${index + 1} is shorter than 8 characters`);
      return { role: role as Role, key, keyId: keyFingerprint(key) };
    });
  if (keys.length === 0) throw new ApiKeysError('API_KEYS: no role:key pair found');
  return keys;
}

export interface ResolvedApiKeys {
  readonly keys: ApiKey[];
  /** Set when the keys were generated on this start: where they were written. */
  readonly generatedInto?: string;
  /** Set when the keys were read from a file generated on an earlier start. */
  readonly readFrom?: string;
}

/**
 * The service never runs open. With `API_KEYS` set, those keys are used. Without it, keys are
 * generated once, one per role, into `keysFile` (mode 0600, readable by its owner only), and
 * read back from it on later starts, so a newcomer's first start just works.
 */
export function resolveApiKeys(apiKeysSetting: string | undefined, keysFile: string): ResolvedApiKeys {
  if (apiKeysSetting) return { keys: parseApiKeys(apiKeysSetting) };
  if (existsSync(keysFile)) {
    return { keys: parseApiKeys(readKeysFile(keysFile)), readFrom: keysFile };
  }
  const spec = ROLES.map((role) => `${role}:${randomBytes(32).toString('base64url')}`).join(',');
  mkdirSync(dirname(keysFile), { recursive: true });
  writeFileSync(keysFile, `# Generated on first start. Use these as Bearer tokens; keep this file private.\nAPI_KEYS=${spec}\n`, {
    mode: 0o600,
  });
  chmodSync(keysFile, 0o600); // the mode above is filtered by the umask; make sure.
  return { keys: parseApiKeys(spec), generatedInto: keysFile };
}

function readKeysFile(keysFile: string): string {
  const line = readFileSync(keysFile, 'utf8')
    .split('\n')
    .find((candidate) => candidate.startsWith('API_KEYS='));
  if (!line) throw new ApiKeysError(`${keysFile} has no API_KEYS= line; delete it to generate new keys`);
  return line.slice('API_KEYS='.length);
}
