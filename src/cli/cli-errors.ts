/**
 * Errors the CLI reports as one clear line on stderr, without a stack trace: the operator
 * made a mistake (exit 2) or something outside the CLI is not as it should be (exit 1).
 */
export class CliError extends Error {
  override name = 'CliError';

  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new CliError(message, 2);

export const EXIT = { ok: 0, error: 1, usage: 2 } as const;
