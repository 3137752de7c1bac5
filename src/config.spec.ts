import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('runs on the embedded defaults with no settings', () => {
    const config = loadConfig({});
    expect([config.PORT, config.EVENT_STORE, config.SQLITE_PATH, config.READ_STORE, config.REPORTING_CURRENCY]).toEqual([
      3000,
      'sqlite',
      './data/ledger.db',
      'sqlite',
      'USD',
    ]);
  });

  it('reads numbers from the environment', () => {
    expect(loadConfig({ PORT: '8080' }).PORT).toBe(8080);
  });

  it('names a port that is not a number', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT: PORT must be an integer number/);
  });

  it('names an unknown event store', () => {
    expect(() => loadConfig({ EVENT_STORE: 'mongodb' })).toThrow(/EVENT_STORE: EVENT_STORE must be one of the following values: sqlite, eventstoredb/);
  });

  it('requires a connection string for EventStoreDB', () => {
    expect(() => loadConfig({ EVENT_STORE: 'eventstoredb' })).toThrow('EVENTSTORE_CONNECTION_STRING: required when EVENT_STORE=eventstoredb');
  });

  it('requires DATABASE_URL for the PostgreSQL read store', () => {
    expect(() => loadConfig({ READ_STORE: 'postgres' })).toThrow('DATABASE_URL: required when READ_STORE=postgres');
  });

  it('refuses a reporting currency that is not an ISO 4217 code', () => {
    expect(() => loadConfig({ REPORTING_CURRENCY: 'dollars' })).toThrow(/REPORTING_CURRENCY: must be an ISO 4217 code/);
  });

  it('lists every bad setting at once', () => {
    const error = (() => {
      try {
        loadConfig({ PORT: '-1', LOG_LEVEL: 'loud' });
      } catch (caught) {
        return caught as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error.message.split('\n').filter((line) => line.startsWith('  - ')).length).toBe(2);
  });

  it('allows 6000 requests a minute per key unless told otherwise', () => {
    expect([loadConfig({}).RATE_LIMIT_PER_MINUTE, loadConfig({ RATE_LIMIT_PER_MINUTE: '120' }).RATE_LIMIT_PER_MINUTE]).toEqual([6000, 120]);
  });

  it('names a rate limit below one', () => {
    expect(() => loadConfig({ RATE_LIMIT_PER_MINUTE: '0' })).toThrow(/RATE_LIMIT_PER_MINUTE: RATE_LIMIT_PER_MINUTE must not be less than 1/);
  });

  it('takes API_KEYS as given', () => {
    expect(loadConfig({ API_KEYS: 'service:s3cret-key' }).API_KEYS).toBe('service:s3cret-key');
  });
});
