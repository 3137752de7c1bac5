import Database from 'better-sqlite3';
import { onboardManager, openAccount } from './support/fixtures';
import { eventually, startTestApp, TestApp } from './support/test-app';

describe('audit', () => {
  let app: TestApp;
  let knownBeforeBackdating: string;

  const command = async (path: string, body: Record<string, unknown>) => {
    const response = await app.send('POST', path, { body });
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const audit = (path: string) => app.send('GET', path, { role: 'auditor' });

  beforeAll(async () => {
    app = await startTestApp();
    await onboardManager(app, 'm1');
    await onboardManager(app, 'm2');
    await command('/accounts', { accountId: 'acme', name: 'Acme', effectiveFrom: '2017-01-01' });
    await command('/accounts/acme/assignment', { managerId: 'm1', effectiveFrom: '2017-01-01' });
    await command('/deals', { dealId: 'deal-1', accountId: 'acme', managerId: 'm1', openedAt: '2017-01-10' });
    const lastRecorded = (await app.store.readStream('deal-deal-1'))[0].recordedAt.getTime();
    // A moment strictly after everything so far was recorded, and before the backdated change.
    await eventually(async () => (Date.now() > lastRecorded + 1 ? true : undefined));
    knownBeforeBackdating = new Date().toISOString();
    await eventually(async () => (Date.now() > Date.parse(knownBeforeBackdating) + 1 ? true : undefined));
    await command('/accounts/acme/reassignment', { toManagerId: 'm2', reason: 'Correction', effectiveFrom: '2017-01-15' });
    await command('/deals/deal-1/closure', { outcome: 'won', amount: '100.00', closedAt: '2017-02-01' });
    await openAccount(app, 'other', 'm1');
  });
  afterAll(() => app.close());

  describe('account history', () => {
    it('answers 404 at once on an empty log', async () => {
      const empty = await startTestApp();
      try {
        const response = await empty.send('GET', '/accounts/acme/history', { role: 'auditor' });
        expect([response.status, response.body.code]).toEqual([404, 'account-not-found']);
      } finally {
        await empty.close();
      }
    });

    it('lists the events of the account and of its deals, in log order', async () => {
      const response = await audit('/accounts/acme/history');
      expect(response.body.items.map((item: { stream: string; type: string }) => [item.stream, item.type])).toEqual([
        ['account-acme', 'AccountOpened'],
        ['account-acme', 'AccountAssigned'],
        ['deal-deal-1', 'DealOpened'],
        ['account-acme', 'ManagerReassigned'],
        ['deal-deal-1', 'DealClosed'],
      ]);
    });

    it('gives each event its position, revision, times and who/why metadata', async () => {
      const response = await audit('/accounts/acme/history?limit=1');
      const [opened] = response.body.items;
      expect({ ...opened, position: Number(opened.position) > 0, recordedAt: typeof opened.recordedAt, metadata: { ...opened.metadata, correlationId: typeof opened.metadata.correlationId, causationId: typeof opened.metadata.causationId, hash: /^[0-9a-f]{64}$/.test(opened.metadata.hash) } })
        .toEqual({
          position: true,
          stream: 'account-acme',
          revision: 0,
          type: 'AccountOpened',
          data: expect.objectContaining({ accountId: 'acme', name: 'Acme' }),
          occurredAt: '2017-01-01T00:00:00.000Z',
          recordedAt: 'string',
          metadata: { actor: { role: 'service', keyId: expect.stringMatching(/^[0-9a-f]{12}$/) }, correlationId: 'string', causationId: 'string', idempotencyKey: null, hash: true },
        });
    });

    it('pages with a cursor, and a page never repeats or skips an event appended meanwhile', async () => {
      const first = await audit('/accounts/acme/history?limit=3');
      await command('/accounts/acme/key-designation', {});
      const second = await audit(`/accounts/acme/history?limit=3&after=${first.body.next}`);
      const types = [...first.body.items, ...second.body.items].map((item: { type: string }) => item.type);
      expect([types, second.body.next]).toEqual([
        ['AccountOpened', 'AccountAssigned', 'DealOpened', 'ManagerReassigned', 'DealClosed', 'AccountDesignatedKey'],
        undefined,
      ]);
    });

    it('answers 404 for an unknown account', async () => {
      const response = await audit('/accounts/nope/history');
      expect([response.status, response.body.code]).toEqual([404, 'account-not-found']);
    });
  });

  describe('state as of a moment', () => {
    it('by business time, the backdated reassignment is in force', async () => {
      const response = await audit('/accounts/acme/state?asOf=2017-01-20');
      expect([response.body.managerId, response.body.status]).toEqual(['m2', 'open']);
    });

    it('by record time, before the backdated change was recorded, it is not', async () => {
      const response = await audit(`/accounts/acme/state?asOf=2017-01-20&asKnownAt=${encodeURIComponent(knownBeforeBackdating)}`);
      expect(response.body.managerId).toBe('m1');
    });

    it('before the account was opened, it did not exist', async () => {
      const response = await audit('/accounts/acme/state?asOf=2016-12-31');
      expect([response.body.status, response.body.eventsApplied]).toEqual(['unopened', 0]);
    });

    it('refuses a malformed moment with 422', async () => {
      const response = await audit('/accounts/acme/state?asOf=yesterday');
      expect([response.status, response.body.errors[0].field]).toEqual([422, 'asOf']);
    });
  });

  describe('lineage', () => {
    it("traces each account of a manager's portfolio to the event that put it there", async () => {
      const response = await app.send('GET', `/analytics/manager-workloads/m2/lineage?minPosition=${await app.head()}`, { role: 'analyst' });
      expect(response.body.accounts.map((a: { accountId: string; heldSince: string; event: { type: string } }) => [a.accountId, a.heldSince, a.event.type]))
        .toEqual([['acme', '2017-01-15T00:00:00.000Z', 'ManagerReassigned']]);
    });

    it('traces a key-account-share period to its won deals and their events', async () => {
      const head = await app.head();
      const response = await app.send('GET', `/analytics/key-account-share/lineage?period=2017-Q1&minPosition=${head}`, { role: 'analyst' });
      expect(response.body.deals.map((d: { dealId: string; amount: string; keyAccountSale: boolean; closed: { type: string } }) => [d.dealId, d.amount, d.keyAccountSale, d.closed.type]))
        .toEqual([['deal-1', '100.00', false, 'DealClosed']]);
    });
  });

  describe('verification and export', () => {
    it('finds an intact log intact', async () => {
      const response = await audit('/audit/verify');
      expect([response.body.intact, response.body.eventsChecked, response.body.firstBreak]).toEqual([true, Number(await app.head()), null]);
    });

    it('exports the log as NDJSON, one event per line, in order', async () => {
      const response = await audit('/audit/export');
      const lines = String(response.body).trim().split('\n').map((line) => JSON.parse(line));
      expect([response.headers.get('content-type'), lines.length, lines[0].type, lines.every((line, i) => i === 0 || BigInt(line.position) > BigInt(lines[i - 1].position))])
        .toEqual(['application/x-ndjson; charset=utf-8', Number(await app.head()), 'ManagerOnboarded', true]);
    });

    it('exports nothing for a range before the log began', async () => {
      const response = await audit('/audit/export?to=2000-01-01');
      expect([response.status, response.body]).toEqual([200, undefined]);
    });
  });

  describe('roles', () => {
    it('denies an auditor key the commands', async () => {
      const response = await app.send('POST', '/accounts', { role: 'auditor', body: { name: 'Sneaky' } });
      expect(response.status).toBe(403);
    });

    it('denies a service key the audit', async () => {
      const response = await app.send('GET', '/audit/verify', { role: 'service' });
      expect(response.status).toBe(403);
    });
  });
});

describe('tamper evidence', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    await onboardManager(app, 'm1');
    await openAccount(app, 'acme', 'm1');
    await openAccount(app, 'other', 'm1');
  });
  afterAll(() => app.close());

  it('names the event edited behind the service\'s back', async () => {
    const [, assigned] = await app.store.readStream('account-acme');
    const db = new Database(app.sqlitePath);
    db.prepare('UPDATE events SET data = json_set(data, \'$.managerId\', \'intruder\') WHERE position = ?').run(Number(assigned.position));
    db.close();
    const response = await app.send('GET', '/audit/verify', { role: 'auditor' });
    expect([response.body.intact, response.body.firstBreak]).toEqual([
      false,
      { position: String(assigned.position), stream: 'account-acme', revision: 1, eventId: assigned.id, reason: 'altered' },
    ]);
  });
});
