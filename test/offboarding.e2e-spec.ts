import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordedEvent, SqliteEventStore } from '@ledger/event-store';
import { ProjectionSupervisor } from '@ledger/projections';
import { onboardManager, openAccount } from './support/fixtures';
import { eventually, startTestApp, TestApp } from './support/test-app';

/** The account's ManagerReassigned events, once there are `count` of them. */
async function reassignments(app: TestApp, accountId: string, count = 1): Promise<RecordedEvent[]> {
  return eventually(async () => {
    const events = (await app.store.readStream(`account-${accountId}`)).filter((event) => event.type === 'ManagerReassigned');
    return events.length >= count ? events : undefined;
  });
}

describe('offboarding with a successor', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp()));
  afterAll(() => app.close());

  it('reassigns every account the departing manager held to the successor', async () => {
    await onboardManager(app, 'leaver-1');
    await onboardManager(app, 'heir-1');
    for (const id of ['held-1a', 'held-1b', 'held-1c']) await openAccount(app, id, 'leaver-1');
    await app.send('POST', '/managers/leaver-1/offboarding', { body: { reason: 'Left', successorId: 'heir-1' } });
    const moved = await Promise.all(['held-1a', 'held-1b', 'held-1c'].map((id) => reassignments(app, id)));
    expect(moved.map(([event]) => [event.data.fromManagerId, event.data.toManagerId])).toEqual([
      ['leaver-1', 'heir-1'],
      ['leaver-1', 'heir-1'],
      ['leaver-1', 'heir-1'],
    ]);
  });

  it('records the offboarding as the cause of each reassignment', async () => {
    await onboardManager(app, 'leaver-2');
    await onboardManager(app, 'heir-2');
    await openAccount(app, 'held-2', 'leaver-2');
    await app.send('POST', '/managers/leaver-2/offboarding', { body: { reason: 'Left', successorId: 'heir-2' } });
    const [offboarding] = await app.store.readStream('manager-leaver-2', { direction: 'backwards', maxCount: 1 });
    const [moved] = await reassignments(app, 'held-2');
    expect([moved.metadata.causationId, moved.metadata.correlationId]).toEqual([offboarding.id, offboarding.metadata.correlationId]);
  });

  it('refuses to offboard a manager who holds accounts without a successor, and writes nothing', async () => {
    await onboardManager(app, 'leaver-3');
    await openAccount(app, 'held-3', 'leaver-3');
    const head = await app.head();
    const response = await app.send('POST', '/managers/leaver-3/offboarding', { body: { reason: 'Left' } });
    expect([response.status, response.body.code, await app.head()]).toEqual([409, 'successor-required', head]);
  });

  it('moves on an account assigned to the manager by a command that raced the offboarding', async () => {
    await onboardManager(app, 'leaver-5');
    await onboardManager(app, 'heir-5');
    await openAccount(app, 'raced-5');
    await app.send('POST', '/managers/leaver-5/offboarding', { body: { reason: 'Left', successorId: 'heir-5' } });
    // The assignment was decided while leaver-5 was still active, and lands after the offboarding.
    await app.store.appendToStream('account-raced-5', [
      {
        id: '5d1c8f0e-2b7a-4c3e-9f10-6a2b3c4d5e6f',
        type: 'AccountAssigned',
        data: { accountId: 'raced-5', managerId: 'leaver-5', occurredAt: '2026-01-05T00:00:00.000Z' },
        metadata: { actor: { role: 'service', keyId: 'test' }, correlationId: 'race', causationId: 'race' },
      },
    ], { expectedRevision: 0 });
    const [moved] = await reassignments(app, 'raced-5');
    expect([moved.data.fromManagerId, moved.data.toManagerId]).toEqual(['leaver-5', 'heir-5']);
  });

  it('leaves accounts of other managers where they are', async () => {
    await onboardManager(app, 'leaver-4');
    await onboardManager(app, 'heir-4');
    await onboardManager(app, 'stayer-4');
    await openAccount(app, 'held-4', 'leaver-4');
    await openAccount(app, 'kept-4', 'stayer-4');
    await app.send('POST', '/managers/leaver-4/offboarding', { body: { reason: 'Left', successorId: 'heir-4' } });
    await reassignments(app, 'held-4');
    const kept = await app.store.readStream('account-kept-4');
    expect(kept.map((event) => event.type)).toEqual(['AccountOpened', 'AccountAssigned']);
  });
});

describe('the offboarding process across restarts', () => {
  let dir: string;
  let sqlitePath: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-offboarding-'));
    sqlitePath = join(dir, 'ledger.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('resumes from the log: an offboarding written while the service was down is handed over at the next start', async () => {
    const first = await startTestApp({ sqlitePath });
    await onboardManager(first, 'leaver');
    await onboardManager(first, 'heir');
    await openAccount(first, 'held', 'leaver');
    await first.close();
    // As if the service crashed right after the offboarding command wrote its event.
    const store = new SqliteEventStore({ path: sqlitePath });
    await store.appendToStream('manager-leaver', [offboardingEvent('heir')], { expectedRevision: 0 });
    await store.close();

    const second = await startTestApp({ sqlitePath });
    const [moved] = await reassignments(second, 'held');
    await second.close();
    expect(moved.data.toManagerId).toBe('heir');
  });

  it('never reassigns twice when it handles the same offboarding again after a crash', async () => {
    const first = await startTestApp({ sqlitePath });
    await onboardManager(first, 'leaver');
    await onboardManager(first, 'heir');
    await openAccount(first, 'held', 'leaver');
    await first.send('POST', '/managers/leaver/offboarding', { body: { reason: 'Left', successorId: 'heir' } });
    await reassignments(first, 'held');
    await first.close();
    // As if the process crashed after reassigning but before saving its checkpoint.
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(sqlitePath);
    db.prepare("UPDATE read_model_generations SET checkpoint = NULL WHERE projection = 'offboarding-process'").run();
    db.close();

    const second = await startTestApp({ sqlitePath });
    await eventually(async () => {
      const checkpoint = second.app.get(ProjectionSupervisor).runner('offboarding-process').checkpoint();
      return checkpoint !== null && checkpoint >= (await second.store.headPosition())! ? true : undefined;
    });
    const moved = (await second.store.readStream('account-held')).filter((event) => event.type === 'ManagerReassigned');
    await second.close();
    expect(moved.length).toBe(1);
  });
});

function offboardingEvent(successorId: string) {
  return {
    id: '0b6f2b52-5d0e-4b8c-9a61-3c1f0e7d2a10',
    type: 'ManagerOffboarded',
    data: { managerId: 'leaver', reason: 'Left', successorId, occurredAt: '2026-01-05T00:00:00.000Z' },
    metadata: { actor: { role: 'service', keyId: 'test' }, correlationId: 'crash-test', causationId: 'crash-test' },
  };
}
