import { onboardManager, openAccount } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

const POSITION = /^\d+$/;
const EFFECTIVE = '2017-03-01T00:00:00.000Z';
const PAST = '2016-07-01T00:00:00.000Z';

describe('account commands', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp()));
  afterAll(() => app.close());

  const post = (path: string, body: Record<string, unknown>, headers?: Record<string, string>) =>
    app.send('POST', path, { body, headers });
  /** The event at `revision` in an account's stream, as type and data. */
  const eventOf = async (accountId: string, revision: number) => {
    const { type, data } = (await app.store.readStream(`account-${accountId}`))[revision];
    return { type, data };
  };
  const closeAccount = (accountId: string) => post(`/accounts/${accountId}/closure`, { reason: 'Customer churned' });
  const offboard = (managerId: string) => post(`/managers/${managerId}/offboarding`, { reason: 'Left the company' });

  describe('opening', () => {
    it('answers 201 with the given id, revision 0 and the log position', async () => {
      const response = await post('/accounts', { accountId: 'open-answer', name: 'Acme' });
      expect([response.status, response.body]).toEqual([
        201,
        { accountId: 'open-answer', revision: 0, position: expect.stringMatching(POSITION) },
      ]);
    });

    it('answers with ETag "0"', async () => {
      const response = await post('/accounts', { accountId: 'open-etag', name: 'Acme' });
      expect(response.headers.get('etag')).toBe('"0"');
    });

    it('records AccountOpened with the revenue in minor units of the reporting currency', async () => {
      await post('/accounts', {
        accountId: 'open-event',
        name: 'Acme Corporation',
        sector: 'technology',
        region: 'EMEA',
        country: 'Norway',
        annualRevenue: '1096.53',
        employees: 1200,
        effectiveFrom: EFFECTIVE,
      });
      expect(await eventOf('open-event', 0)).toEqual({
        type: 'AccountOpened',
        data: {
          accountId: 'open-event',
          name: 'Acme Corporation',
          sector: 'technology',
          region: 'EMEA',
          country: 'Norway',
          parentAccountId: null,
          annualRevenueMinor: 109653,
          currency: 'USD',
          employees: 1200,
          occurredAt: EFFECTIVE,
        },
      });
    });

    it('records the parent account of a group member', async () => {
      await openAccount(app, 'group-parent');
      await post('/accounts', { accountId: 'group-child', name: 'Acme Norway', parentAccountId: 'group-parent' });
      expect((await eventOf('group-child', 0)).data.parentAccountId).toBe('group-parent');
    });
  });

  describe('assignment and reassignment', () => {
    it('answers an assignment with 200 and revision 1', async () => {
      await onboardManager(app, 'assign-answer-m');
      await openAccount(app, 'assign-answer');
      const response = await post('/accounts/assign-answer/assignment', { managerId: 'assign-answer-m' });
      expect([response.status, response.body]).toEqual([
        200,
        { accountId: 'assign-answer', revision: 1, position: expect.stringMatching(POSITION) },
      ]);
    });

    it('records AccountAssigned', async () => {
      await onboardManager(app, 'assign-event-m');
      await openAccount(app, 'assign-event');
      await post('/accounts/assign-event/assignment', { managerId: 'assign-event-m', effectiveFrom: EFFECTIVE });
      expect(await eventOf('assign-event', 1)).toEqual({
        type: 'AccountAssigned',
        data: { accountId: 'assign-event', managerId: 'assign-event-m', occurredAt: EFFECTIVE },
      });
    });

    it('answers a reassignment with 200 and revision 2', async () => {
      await onboardManager(app, 'reassign-answer-from');
      await onboardManager(app, 'reassign-answer-to');
      await openAccount(app, 'reassign-answer', 'reassign-answer-from');
      const response = await post('/accounts/reassign-answer/reassignment', {
        toManagerId: 'reassign-answer-to',
        reason: 'Territory realignment',
      });
      expect([response.status, response.body.revision]).toEqual([200, 2]);
    });

    it('records ManagerReassigned from the current manager, with the reason', async () => {
      await onboardManager(app, 'reassign-event-from');
      await onboardManager(app, 'reassign-event-to');
      await openAccount(app, 'reassign-event', 'reassign-event-from');
      await post('/accounts/reassign-event/reassignment', {
        toManagerId: 'reassign-event-to',
        reason: 'Territory realignment',
        effectiveFrom: EFFECTIVE,
      });
      expect(await eventOf('reassign-event', 2)).toEqual({
        type: 'ManagerReassigned',
        data: {
          accountId: 'reassign-event',
          fromManagerId: 'reassign-event-from',
          toManagerId: 'reassign-event-to',
          reason: 'Territory realignment',
          occurredAt: EFFECTIVE,
        },
      });
    });
  });

  describe('key designation, revocation and closure', () => {
    it('answers a key designation with 200 and revision 1', async () => {
      await openAccount(app, 'key-answer');
      const response = await post('/accounts/key-answer/key-designation', {});
      expect([response.status, response.body.revision]).toEqual([200, 1]);
    });

    it('records AccountDesignatedKey at a past effectiveFrom', async () => {
      await openAccount(app, 'key-event');
      await post('/accounts/key-event/key-designation', { effectiveFrom: PAST, reason: 'Top 10 by revenue' });
      expect(await eventOf('key-event', 1)).toEqual({
        type: 'AccountDesignatedKey',
        data: { accountId: 'key-event', reason: 'Top 10 by revenue', occurredAt: PAST },
      });
    });

    it('records KeyAccountDesignationRevoked', async () => {
      await openAccount(app, 'revoke-event');
      await post('/accounts/revoke-event/key-designation', { effectiveFrom: PAST });
      await post('/accounts/revoke-event/key-designation/revocation', { effectiveFrom: EFFECTIVE, reason: 'Spend fell' });
      expect(await eventOf('revoke-event', 2)).toEqual({
        type: 'KeyAccountDesignationRevoked',
        data: { accountId: 'revoke-event', reason: 'Spend fell', occurredAt: EFFECTIVE },
      });
    });

    it('answers a closure with 200 and revision 1', async () => {
      await openAccount(app, 'close-answer');
      const response = await closeAccount('close-answer');
      expect([response.status, response.body.revision]).toEqual([200, 1]);
    });

    it('records AccountClosed with the reason, at the time it was recorded', async () => {
      await openAccount(app, 'close-event');
      await closeAccount('close-event');
      const closed = (await app.store.readStream('account-close-event'))[1];
      expect({ type: closed.type, data: closed.data }).toEqual({
        type: 'AccountClosed',
        data: { accountId: 'close-event', reason: 'Customer churned', occurredAt: closed.metadata.recordedAt },
      });
    });
  });

  describe('rule violations', () => {
    it('refuses to open an id twice (409 account-already-opened)', async () => {
      await openAccount(app, 'twice');
      const response = await post('/accounts', { accountId: 'twice', name: 'Again' });
      expect([response.status, response.body.code]).toEqual([409, 'account-already-opened']);
    });

    it('refuses to assign an assigned account (409 account-already-assigned)', async () => {
      await onboardManager(app, 'assigned-m1');
      await onboardManager(app, 'assigned-m2');
      await openAccount(app, 'assigned', 'assigned-m1');
      const response = await post('/accounts/assigned/assignment', { managerId: 'assigned-m2' });
      expect([response.status, response.body.code]).toEqual([409, 'account-already-assigned']);
    });

    it('writes nothing when refusing an assignment', async () => {
      await onboardManager(app, 'assigned-head-m1');
      await onboardManager(app, 'assigned-head-m2');
      await openAccount(app, 'assigned-head', 'assigned-head-m1');
      const before = await app.head();
      await post('/accounts/assigned-head/assignment', { managerId: 'assigned-head-m2' });
      expect(await app.head()).toBe(before);
    });

    it('refuses to reassign an unassigned account (409 account-not-assigned)', async () => {
      await onboardManager(app, 'unassigned-m');
      await openAccount(app, 'unassigned');
      const response = await post('/accounts/unassigned/reassignment', { toManagerId: 'unassigned-m', reason: 'Realignment' });
      expect([response.status, response.body.code]).toEqual([409, 'account-not-assigned']);
    });

    it('refuses to reassign to the current manager (409 same-manager)', async () => {
      await onboardManager(app, 'same-m');
      await openAccount(app, 'same', 'same-m');
      const response = await post('/accounts/same/reassignment', { toManagerId: 'same-m', reason: 'Realignment' });
      expect([response.status, response.body.code]).toEqual([409, 'same-manager']);
    });

    it('refuses to assign to an offboarded manager (409 manager-offboarded)', async () => {
      await onboardManager(app, 'gone-m');
      await offboard('gone-m');
      await openAccount(app, 'to-gone');
      const response = await post('/accounts/to-gone/assignment', { managerId: 'gone-m' });
      expect([response.status, response.body.code]).toEqual([409, 'manager-offboarded']);
    });

    it('refuses to reassign to an offboarded manager (409 manager-offboarded)', async () => {
      await onboardManager(app, 'reassign-gone-from');
      await onboardManager(app, 'reassign-gone-to');
      await offboard('reassign-gone-to');
      await openAccount(app, 'reassign-gone', 'reassign-gone-from');
      const response = await post('/accounts/reassign-gone/reassignment', { toManagerId: 'reassign-gone-to', reason: 'Realignment' });
      expect([response.status, response.body.code]).toEqual([409, 'manager-offboarded']);
    });

    it('refuses to designate a key account again (409 already-key-account)', async () => {
      await openAccount(app, 'already-key');
      await post('/accounts/already-key/key-designation', {});
      const response = await post('/accounts/already-key/key-designation', {});
      expect([response.status, response.body.code]).toEqual([409, 'already-key-account']);
    });

    it('refuses to revoke a designation that does not exist (409 not-key-account)', async () => {
      await openAccount(app, 'never-key');
      const response = await post('/accounts/never-key/key-designation/revocation', {});
      expect([response.status, response.body.code]).toEqual([409, 'not-key-account']);
    });

    describe('on a closed account', () => {
      const commands: [string, string, Record<string, unknown>][] = [
        ['assignment', 'assignment', { managerId: 'closed-m' }],
        ['reassignment', 'reassignment', { toManagerId: 'closed-m', reason: 'Realignment' }],
        ['key designation', 'key-designation', {}],
        ['key revocation', 'key-designation/revocation', {}],
        ['closure', 'closure', { reason: 'Again' }],
      ];
      beforeAll(() => onboardManager(app, 'closed-m'));

      it.each(commands)('refuses a %s (409 account-closed)', async (_, path, body) => {
        const accountId = `closed-${path.replace('/', '-')}`;
        await openAccount(app, accountId);
        await closeAccount(accountId);
        const response = await post(`/accounts/${accountId}/${path}`, body);
        expect([response.status, response.body.code]).toEqual([409, 'account-closed']);
      });
    });

    it('refuses to open an account under a closed parent (409 parent-account-closed)', async () => {
      await openAccount(app, 'closed-parent');
      await closeAccount('closed-parent');
      const response = await post('/accounts', { accountId: 'closed-parent-child', name: 'Child', parentAccountId: 'closed-parent' });
      expect([response.status, response.body.code]).toEqual([409, 'parent-account-closed']);
    });

    it('answers 404 account-not-found to assigning an unknown account', async () => {
      await onboardManager(app, 'lonely-m');
      const response = await post('/accounts/no-such-account/assignment', { managerId: 'lonely-m' });
      expect([response.status, response.body.code]).toEqual([404, 'account-not-found']);
    });

    it('answers 404 manager-not-found to assigning to an unknown manager', async () => {
      await openAccount(app, 'to-nobody');
      const response = await post('/accounts/to-nobody/assignment', { managerId: 'no-such-manager' });
      expect([response.status, response.body.code]).toEqual([404, 'manager-not-found']);
    });

    it('answers 404 manager-not-found to reassigning to an unknown manager', async () => {
      await onboardManager(app, 'reassign-nobody-from');
      await openAccount(app, 'reassign-nobody', 'reassign-nobody-from');
      const response = await post('/accounts/reassign-nobody/reassignment', { toManagerId: 'no-such-manager', reason: 'Realignment' });
      expect([response.status, response.body.code]).toEqual([404, 'manager-not-found']);
    });

    it('answers 404 parent-account-not-found to an unknown parent', async () => {
      const response = await post('/accounts', { accountId: 'orphan-child', name: 'Child', parentAccountId: 'no-such-parent' });
      expect([response.status, response.body.code]).toEqual([404, 'parent-account-not-found']);
    });

    it('writes nothing when the parent is unknown', async () => {
      const before = await app.head();
      await post('/accounts', { accountId: 'orphan-child-head', name: 'Child', parentAccountId: 'no-such-parent' });
      expect(await app.head()).toBe(before);
    });
  });

  describe('If-Match', () => {
    it('accepts a command whose If-Match names the current revision', async () => {
      await onboardManager(app, 'match-m');
      await openAccount(app, 'match', 'match-m');
      const response = await post('/accounts/match/key-designation', {}, { 'If-Match': '"1"' });
      expect([response.status, response.body.revision]).toEqual([200, 2]);
    });

    it('answers 412 revision-mismatch to a stale If-Match', async () => {
      await onboardManager(app, 'stale-m');
      await openAccount(app, 'stale', 'stale-m');
      const response = await post('/accounts/stale/key-designation', {}, { 'If-Match': '"0"' });
      expect([response.status, response.body.code]).toEqual([412, 'revision-mismatch']);
    });

    it('writes nothing on a stale If-Match', async () => {
      await onboardManager(app, 'stale-head-m');
      await openAccount(app, 'stale-head', 'stale-head-m');
      const before = await app.head();
      await post('/accounts/stale-head/key-designation', {}, { 'If-Match': '"0"' });
      expect(await app.head()).toBe(before);
    });
  });

  describe('business times', () => {
    it('stores a date-only effectiveFrom as a UTC timestamp', async () => {
      await openAccount(app, 'dated');
      await post('/accounts/dated/key-designation', { effectiveFrom: '2017-03-01' });
      const [, designated] = await app.store.readStream('account-dated');
      expect(designated.data.occurredAt).toBe('2017-03-01T00:00:00.000Z');
    });

    it('converts an effectiveFrom with an offset to UTC', async () => {
      await openAccount(app, 'offset');
      await post('/accounts/offset/key-designation', { effectiveFrom: '2017-03-01T10:00:00+02:00' });
      const [, designated] = await app.store.readStream('account-offset');
      expect(designated.data.occurredAt).toBe('2017-03-01T08:00:00.000Z');
    });
  });
});
