import Database from 'better-sqlite3';
import { onboardManager, openAccount } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('Idempotency-Key', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    await onboardManager(app, 'idem-manager');
  });
  afterAll(() => app.close());

  const openWithKey = (key: string, body: Record<string, unknown>) =>
    app.send('POST', '/accounts', { body, headers: { 'idempotency-key': key } });

  it('a retry returns the first response', async () => {
    const first = await openWithKey('retry-1', { name: 'Retry Ltd' });
    const retry = await openWithKey('retry-1', { name: 'Retry Ltd' });
    expect([retry.status, retry.body, retry.headers.get('etag')]).toEqual([first.status, first.body, first.headers.get('etag')]);
  });

  it('a retry writes nothing', async () => {
    await openWithKey('retry-2', { name: 'Retry Ltd' });
    const head = await app.head();
    await openWithKey('retry-2', { name: 'Retry Ltd' });
    expect(await app.head()).toBe(head);
  });

  it('a retry says it is a replay', async () => {
    await openWithKey('retry-3', { name: 'Retry Ltd' });
    const retry = await openWithKey('retry-3', { name: 'Retry Ltd' });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
  });

  it('the same key with another body gets 422 and writes nothing', async () => {
    await openWithKey('reused-1', { name: 'First Ltd' });
    const head = await app.head();
    const reused = await openWithKey('reused-1', { name: 'Second Ltd' });
    expect([reused.status, reused.body.code, await app.head()]).toEqual([422, 'idempotency-key-reused', head]);
  });

  it('keys are per caller: the same key from another caller is a new request', async () => {
    await openWithKey('shared-key', { accountId: 'per-caller-1', name: 'Shared' });
    const other = await app.send('POST', '/accounts', {
      role: 'admin',
      body: { accountId: 'per-caller-2', name: 'Shared' },
      headers: { 'idempotency-key': 'shared-key' },
    });
    expect([other.status, other.body.accountId]).toEqual([201, 'per-caller-2']);
  });

  it('two identical requests racing each other write one event and get the same answer', async () => {
    const [one, two] = await Promise.all([
      openWithKey('race-1', { accountId: 'raced-open', name: 'Race Ltd' }),
      openWithKey('race-1', { accountId: 'raced-open', name: 'Race Ltd' }),
    ]);
    const events = await app.store.readStream('account-raced-open');
    expect([one.status, two.status, one.body.revision, two.body.revision, events.length]).toEqual([201, 201, 0, 0, 1]);
  });

  it('after a crash that lost the remembered response, a retry finds its events in the log and writes nothing', async () => {
    await openAccount(app, 'crash-account');
    const first = await app.send('POST', '/accounts/crash-account/assignment', {
      body: { managerId: 'idem-manager' },
      headers: { 'idempotency-key': 'crash-1' },
    });
    const db = new Database(app.sqlitePath);
    db.prepare("DELETE FROM idempotency_records WHERE key = 'crash-1'").run();
    db.close();
    const head = await app.head();
    const retry = await app.send('POST', '/accounts/crash-account/assignment', {
      body: { managerId: 'idem-manager' },
      headers: { 'idempotency-key': 'crash-1' },
    });
    expect([retry.status, retry.body, await app.head()]).toEqual([200, first.body, head]);
  });

  it('a generated id is derived from the key, so a retried creation names the same entity', async () => {
    const first = await openWithKey('generated-1', { name: 'Generated Ltd' });
    const db = new Database(app.sqlitePath);
    db.prepare("DELETE FROM idempotency_records WHERE key = 'generated-1'").run();
    db.close();
    const retry = await openWithKey('generated-1', { name: 'Generated Ltd' });
    expect(retry.body.accountId).toBe(first.body.accountId);
  });
});

describe('If-Match and concurrent writers', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    await onboardManager(app, 'owner');
    for (let index = 0; index < 20; index++) await onboardManager(app, `contender-${index}`);
    await openAccount(app, 'contested', 'owner');
  });
  afterAll(() => app.close());

  it('20 concurrent reassignments with the same If-Match: one succeeds, 19 get 412, the stream holds one new event', async () => {
    const before = await app.store.readStream('account-contested');
    const ifMatch = `"${before.at(-1)!.revision}"`;
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        app.send('POST', '/accounts/contested/reassignment', {
          body: { toManagerId: `contender-${index}`, reason: 'Race' },
          headers: { 'if-match': ifMatch },
        }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    const after = await app.store.readStream('account-contested');
    expect([statuses.filter((status) => status === 200).length, statuses.filter((status) => status === 412).length, after.length - before.length])
      .toEqual([1, 19, 1]);
  });

  it('answers with the ETag to send back in If-Match', async () => {
    await openAccount(app, 'etag-account');
    const designated = await app.send('POST', '/accounts/etag-account/key-designation', { body: {} });
    const revoked = await app.send('POST', '/accounts/etag-account/key-designation/revocation', {
      body: {},
      headers: { 'if-match': designated.headers.get('etag')! },
    });
    expect([designated.headers.get('etag'), revoked.status, revoked.headers.get('etag')]).toEqual(['"1"', 200, '"2"']);
  });
});
