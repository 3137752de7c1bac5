import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

/**
 * The service's settings, read once from the environment at start.
 * A wrong or missing setting stops the start with a message that names it (PRODUCT.md).
 */
export class AppConfig {
  @Min(0) @Max(65535) @IsInt() // applied bottom-up: the type is checked, and reported, first
  PORT = 3000;

  @IsIn(['sqlite', 'eventstoredb'])
  EVENT_STORE: 'sqlite' | 'eventstoredb' = 'sqlite';

  @IsString() @MinLength(1)
  SQLITE_PATH = './data/ledger.db';

  @IsOptional() @Matches(/^esdb(\+discover)?:\/\/.+/, { message: 'must look like esdb://host:2113?tls=false or esdb+discover://...' })
  EVENTSTORE_CONNECTION_STRING?: string;

  @IsIn(['sqlite', 'postgres'])
  READ_STORE: 'sqlite' | 'postgres' = 'sqlite';

  @IsOptional() @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// connection URL' })
  DATABASE_URL?: string;

  /** `role:key` pairs, comma-separated. Absent: keys are generated on first start (see api-keys). */
  @IsOptional() @IsString()
  API_KEYS?: string;

  @Matches(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code such as USD' })
  REPORTING_CURRENCY = 'USD';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Largest accepted request body, in bytes. */
  @Min(1024) @Max(10 * 1024 * 1024) @IsInt()
  BODY_LIMIT_BYTES = 64 * 1024;

  /**
   * Requests a minute per API key (health is not counted). The default leaves room for a busy
   * service, the CLI import and the tests; it is there to stop a runaway client, not to meter.
   */
  @Min(1) @Max(1_000_000) @IsInt()
  RATE_LIMIT_PER_MINUTE = 6000;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const NUMERIC_SETTINGS = new Set(['PORT', 'BODY_LIMIT_BYTES', 'RATE_LIMIT_PER_MINUTE']);
const SETTINGS = Object.keys(new AppConfig());

/** Parses and checks the environment; throws a ConfigError naming every bad setting, once each. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, unknown> = {};
  for (const key of SETTINGS) {
    const value = env[key];
    if (value === undefined || value === '') continue;
    raw[key] = NUMERIC_SETTINGS.has(key) && /^-?\d+$/.test(value) ? Number(value) : value;
  }
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const problems = validateSync(config).map(
    (error) => `${error.property}: ${Object.values(error.constraints ?? {})[0] ?? 'is not valid'}`,
  );
  if (config.EVENT_STORE === 'eventstoredb' && !config.EVENTSTORE_CONNECTION_STRING) {
    problems.push('EVENTSTORE_CONNECTION_STRING: required when EVENT_STORE=eventstoredb');
  }
  if (config.READ_STORE === 'postgres' && !config.DATABASE_URL) {
    problems.push('DATABASE_URL: required when READ_STORE=postgres');
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return config;
}
