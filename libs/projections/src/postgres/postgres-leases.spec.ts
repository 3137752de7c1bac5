import { changes, counter } from '../read-store.contract';
import { Lease, LeaseNotHeldError } from '../projection-leases.port';
import { PostgresReadStore } from './postgres-read-store';
import { sql, TestSchema, testSchema } from './testing';

/** Two instances' stores on one schema; leases are advisory locks on each projection's own connection. */
describe('PostgreSQL leases', () => {
  let target: TestSchema;
  let first: PostgresReadStore;
  let second: PostgresReadStore;

  beforeEach(async () => {
    target = testSchema();
    first = await PostgresReadStore.open({ url: target.url, applicationName: `first-${target.schema}` });
    second = await PostgresReadStore.open({ url: target.url, applicationName: `second-${target.schema}` });
    await first.createGeneration(counter, 1, 'active');
  });
  afterEach(async () => {
    await first.close();
    await second.close();
    await target.drop();
  });

  /** Ends the lease connections of an instance from the server side, as when its process dies. */
  const killConnections = (applicationName: string) =>
    sql('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()', [applicationName]);
  /** Which instances hold an advisory lock now, by the application name of their connections. */
  const holders = async () =>
    (await sql<{ name: string }>(
      `SELECT split_part(a.application_name, '-', 1) AS name FROM pg_locks l JOIN pg_stat_activity a USING (pid)
       WHERE l.locktype = 'advisory' AND l.granted AND a.application_name LIKE $1 ORDER BY 1`,
      [`%-${target.schema}`],
    )).map((row) => row.name);
  const lost = (lease: Lease) => new Promise<string>((resolve) => lease.onLost((error) => resolve(error.message)));

  it('is held by one instance at a time', async () => {
    await first.tryAcquire(counter.name);
    expect([await second.tryAcquire(counter.name), await holders()]).toEqual([null, ['first']]);
  });

  it('is free again once released', async () => {
    await (await first.tryAcquire(counter.name))!.release();
    await second.tryAcquire(counter.name);
    expect(await holders()).toEqual(['second']);
  });

  it('is lost, and said to be, when its connection dies; then another instance takes it', async () => {
    const lease = (await first.tryAcquire(counter.name))!;
    const message = lost(lease);
    await killConnections(`first-${target.schema}`);
    await second.tryAcquire(counter.name);
    expect([await message, await holders()]).toEqual([expect.stringMatching(/terminat|ended/), ['second']]);
  });

  it('carries the writes of its projection', async () => {
    await first.tryAcquire(counter.name);
    await first.commit(counter, 1, changes({ counts: [{ type: 'Opened', count: 1 }] }), 1n);
    expect((await first.generations(counter.name))[0].checkpoint).toBe(1n);
  });

  it('once lost, refuses the writes of its projection (a stale holder cannot overwrite the new one)', async () => {
    const lease = (await first.tryAcquire(counter.name))!;
    const message = lost(lease);
    await killConnections(`first-${target.schema}`);
    await message;
    await expect(first.commit(counter, 1, changes({ counts: [{ type: 'Opened', count: 1 }] }), 1n)).rejects.toThrow(LeaseNotHeldError);
  });

  it('refuses writes on an instance that competes for the lease but does not hold it', async () => {
    await first.tryAcquire(counter.name);
    await second.tryAcquire(counter.name);
    await expect(second.commit(counter, 1, changes({}), 1n)).rejects.toThrow(LeaseNotHeldError);
  });

  it('refuses a commit to a generation dropped under the runner', async () => {
    await first.createGeneration(counter, 2, 'building');
    await second.activate(counter, 2);
    await expect(first.commit(counter, 1, changes({}), 3n)).rejects.toThrow('event-counter has no generation 1 to commit to');
  });
});
