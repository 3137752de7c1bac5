import type { EventStore } from '@ledger/event-store';
import type { ProjectionSupervisor } from '@ledger/projections';
import { ProblemException } from '@ledger/http-kit';
import { Freshness, READ_YOUR_WRITES_WAIT_MS } from './read-models.module';

/** A supervisor whose read model stands at `checkpoint`, and a log whose last event is at `head`. */
function freshness(options: { checkpoint: bigint | null; head: bigint | null; status?: string; reaches?: boolean }) {
  const waits: Array<[string, bigint, number]> = [];
  let headReads = 0;
  const supervisor = {
    runner: () => ({ checkpoint: () => options.checkpoint, status: options.status ?? 'live' }),
    waitFor: async (name: string, position: bigint, timeoutMs: number) => {
      waits.push([name, position, timeoutMs]);
      return options.reaches ?? false;
    },
  } as unknown as ProjectionSupervisor;
  const store = { headPosition: async () => (headReads++, options.head) } as unknown as EventStore;
  return { freshness: new Freshness(supervisor, store), waits, headReads: () => headReads };
}

async function problemOf(promise: Promise<unknown>) {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!(error instanceof ProblemException)) throw new Error(`expected a ProblemException, got ${String(error)}`);
  return { status: error.getStatus(), code: error.code, errors: error.errors, headers: error.headers };
}

describe('Freshness', () => {
  it('answers at once, without reading the log, when the read model has applied the position', async () => {
    const subject = freshness({ checkpoint: 120n, head: 200n, reaches: true });
    await subject.freshness.ensure('account-directory', '120');
    expect([subject.headReads(), subject.waits]).toEqual([0, [['account-directory', 120n, READ_YOUR_WRITES_WAIT_MS]]]);
  });

  it('refuses a position beyond the end of the log with 400, naming the field, without waiting', async () => {
    const subject = freshness({ checkpoint: 120n, head: 200n });
    expect(await problemOf(subject.freshness.ensure('account-directory', '201'))).toEqual({
      status: 400,
      code: 'min-position-beyond-log',
      errors: [{ field: 'minPosition', reason: "must be at most the log's last position, 200" }],
      headers: {},
    });
    expect(subject.waits).toEqual([]);
  });

  it('refuses any position of an empty log', async () => {
    const subject = freshness({ checkpoint: null, head: null });
    const problem = await problemOf(subject.freshness.ensure('account-directory', '0'));
    expect([problem.status, problem.errors]).toEqual([
      400,
      [{ field: 'minPosition', reason: "must be at most the log's last position, none yet (the log is empty)" }],
    ]);
  });

  it('waits for a position in the log, then answers 503 with Retry-After if the read model is still behind', async () => {
    const subject = freshness({ checkpoint: 120n, head: 200n, reaches: false });
    const problem = await problemOf(subject.freshness.ensure('manager-workloads', '150'));
    expect([problem.status, problem.code, problem.headers, subject.waits]).toEqual([
      503, 'read-model-behind', { 'Retry-After': '1' }, [['manager-workloads', 150n, READ_YOUR_WRITES_WAIT_MS]],
    ]);
  });

  it('answers once the read model reaches a position in the log', async () => {
    const subject = freshness({ checkpoint: 120n, head: 200n, reaches: true });
    await expect(subject.freshness.ensure('manager-workloads', '200')).resolves.toBeUndefined();
    expect(subject.headReads()).toBe(1);
  });

  it('answers 503 without waiting when the read model is stopped on a failed event before the position', async () => {
    const subject = freshness({ checkpoint: 120n, head: 200n, status: 'failed' });
    const problem = await problemOf(subject.freshness.ensure('manager-workloads', '150'));
    expect([problem.status, problem.code, problem.headers, subject.waits]).toEqual([503, 'read-model-failed', { 'Retry-After': '60' }, []]);
  });

  it('waits, for a query that must be complete, for the position at the head of the log, reading it once', async () => {
    const subject = freshness({ checkpoint: 120n, head: 200n, reaches: true });
    await subject.freshness.ensureUpToHead('account-streams');
    expect([subject.headReads(), subject.waits]).toEqual([1, [['account-streams', 200n, READ_YOUR_WRITES_WAIT_MS]]]);
  });

  it('does not wait for anything on an empty log when a query must be complete', async () => {
    const subject = freshness({ checkpoint: null, head: null });
    await subject.freshness.ensureUpToHead('account-streams');
    expect(subject.waits).toEqual([]);
  });

  it('refuses a minPosition that is not a log position', async () => {
    const problem = await problemOf(freshness({ checkpoint: 0n, head: 0n }).freshness.ensure('account-directory', '-1'));
    expect([problem.status, problem.code]).toEqual([400, 'invalid-min-position']);
  });
});
