import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyFingerprint, parseApiKeys, resolveApiKeys } from './api-keys';

describe('parseApiKeys', () => {
  it('reads role:key pairs with a fingerprint as key id', () => {
    expect(parseApiKeys('service:s3cret-key, analyst:an4lyst-key')).toEqual([
      { role: 'service', key: 's3cret-key', keyId: keyFingerprint('s3cret-key') },
      { role: 'analyst', key: 'an4lyst-key', keyId: keyFingerprint('an4lyst-key') },
    ]);
  });

  it('keeps colons inside a key', () => {
    expect(parseApiKeys('admin:abc:def:ghi')[0].key).toBe('abc:def:ghi');
  });

  it('refuses an unknown role, naming the entry', () => {
    expect(() => parseApiKeys('service:s3cret-key,root:r00t-key')).toThrow('API_KEYS: entry 2 must be role:key');
  });

  it('refuses a key shorter than 8 characters', () => {
    expect(() => parseApiKeys('service:short')).toThrow('shorter than 8 characters');
  });

  it('refuses an empty list', () => {
    expect(() => parseApiKeys(' , ')).toThrow('no role:key pair found');
  });

  it('makes a 12-digit hex fingerprint that does not contain the key', () => {
    expect(keyFingerprint('s3cret-key')).toMatch(/^[0-9a-f]{12}$/);
  });
});

describe('resolveApiKeys', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ledger-keys-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses API_KEYS when set, and writes no file', () => {
    const keysFile = join(dir, 'api-keys.env');
    const resolved = resolveApiKeys('service:s3cret-key', keysFile);
    expect([resolved.keys.map((key) => key.role), resolved.generatedInto]).toEqual([['service'], undefined]);
  });

  it('generates one key per role when API_KEYS is not set', () => {
    const resolved = resolveApiKeys(undefined, join(dir, 'data', 'api-keys.env'));
    expect(resolved.keys.map((key) => key.role)).toEqual(['service', 'analyst', 'auditor', 'admin']);
  });

  it('writes generated keys into a file only its owner can read', () => {
    const keysFile = join(dir, 'api-keys.env');
    resolveApiKeys(undefined, keysFile);
    expect(statSync(keysFile).mode & 0o777).toBe(0o600);
  });

  it('generates keys of 43 url-safe characters (32 random bytes)', () => {
    const resolved = resolveApiKeys(undefined, join(dir, 'api-keys.env'));
    expect(resolved.keys.every((key) => /^[A-Za-z0-9_-]{43}$/.test(key.key))).toBe(true);
  });

  it('reuses the generated file on the next start', () => {
    const keysFile = join(dir, 'api-keys.env');
    const first = resolveApiKeys(undefined, keysFile);
    const second = resolveApiKeys(undefined, keysFile);
    expect([second.keys, second.readFrom]).toEqual([first.keys, keysFile]);
  });

  it('refuses a keys file without an API_KEYS line', () => {
    const keysFile = join(dir, 'api-keys.env');
    writeFileSync(keysFile, '# emptied by hand\n');
    expect(() => resolveApiKeys(undefined, keysFile)).toThrow('has no API_KEYS= line');
  });

  it('writes the keys file in the API_KEYS= form the README tells to grep', () => {
    const keysFile = join(dir, 'api-keys.env');
    resolveApiKeys(undefined, keysFile);
    expect(readFileSync(keysFile, 'utf8')).toMatch(/^API_KEYS=service:[^,]+,analyst:[^,]+,auditor:[^,]+,admin:[^,\n]+$/m);
  });
});
