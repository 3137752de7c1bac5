import type { ExpectedRevision } from './event-store.port';

/** The stream was not in the state the writer expected: someone else wrote first. */
export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** Revision of the stream's last event, or 'no_stream'. */
    readonly actual: number | 'no_stream',
  ) {
    super(`Stream ${stream}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** The store could not be reached or refused to work for now; the caller may retry later. */
export class EventStoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreUnavailableError';
  }
}

/** The batch is larger than the store accepts in one append. Nothing was written. */
export class AppendTooLargeError extends Error {
  constructor(readonly stream: string, readonly bytes: number, readonly limit: number) {
    super(`Append to ${stream} is ${bytes} bytes, over the store's limit of ${limit}`);
    this.name = 'AppendTooLargeError';
  }
}
