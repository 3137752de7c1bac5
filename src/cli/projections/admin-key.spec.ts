import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config';
import { CliError } from '../cli-errors';
import { adminKey } from './admin-key';

describe('the admin key of the CLI', () => {
  let dir: string;
  const config = (env: Record<string, string> = {}) => loadConfig({ SQLITE_PATH: join(dir, 'ledger.db'), ...env });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('comes from API_KEYS when it is set', () => {
    expect(adminKey(config({ API_KEYS: 'service:service-key-1,admin:admin-key-1' }))).toBe('admin-key-1');
  });

  it('comes from the file the server generated beside its database otherwise', () => {
    writeFileSync(join(dir, 'api-keys.env'), '# generated\nAPI_KEYS=service:service-key-2,admin:admin-key-2\n');
    expect(adminKey(config())).toBe('admin-key-2');
  });

  it('is refused when API_KEYS has no admin key', () => {
    expect(() => adminKey(config({ API_KEYS: 'service:service-key-1' }))).toThrow(new CliError('No admin key in API_KEYS: add an admin:<key> pair'));
  });

  it('is never generated: without either, the CLI says where the server would write it', () => {
    expect(() => adminKey(config())).toThrow(/^No admin key: set API_KEYS .* it writes its keys to .*api-keys\.env$/);
  });
});
