import { ConsoleLogger, INestApplicationContext, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { AppConfig, ConfigError, loadConfig } from '../config';
import { CliError } from './cli-errors';

/** Nest's console logger on stderr: stdout carries only the command's answer (a summary, JSON). */
class StderrLogger extends ConsoleLogger {
  protected override printMessages(messages: unknown[], context?: string, logLevel?: LogLevel): void {
    super.printMessages(messages, context, logLevel, 'stderr');
  }
}

/** The service's configuration, from the same environment variables; a bad one is the operator's to fix. */
export function cliConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
}

/**
 * The application as the server builds it, without HTTP and without read models: those belong to
 * the server, and two processes applying them would count every event twice. No API keys either:
 * nothing here is served.
 */
export async function openCliContext(config: AppConfig, verbose = false): Promise<INestApplicationContext> {
  const levels: LogLevel[] = verbose ? ['fatal', 'error', 'warn', 'log'] : ['fatal', 'error', 'warn'];
  return NestFactory.createApplicationContext(AppModule.forRoot(config, [], { runProjections: false, walCheckpoints: 'inline' }), {
    logger: new StderrLogger({ logLevels: levels }),
  });
}
