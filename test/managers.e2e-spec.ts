import { onboardManager, openAccount } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const POSITION = /^\d+$/;
const EFFECTIVE = '2017-03-01T00:00:00.000Z';

describe('manager commands', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp()));
  afterAll(() => app.close());

  /** The stored events of a manager's stream, as type and data. */
  const eventsOf = async (managerId: string) =>
    (await app.store.readStream(`manager-${managerId}`)).map(({ type, data }) => ({ type, data }));

  const offboard = (managerId: string, body: Record<string, unknown> = { reason: 'Left the company' }) =>
    app.send('POST', `/managers/${managerId}/offboarding`, { body });

  describe('onboarding', () => {
    it('answers 201 with the given id, revision 0 and the log position', async () => {
      const response = await app.send('POST', '/managers', {
        body: { managerId: 'onb-given', name: 'Ada Byron', role: 'account_manager', territory: 'Central' },
      });
      expect([response.status, response.body]).toEqual([
        201,
        { managerId: 'onb-given', revision: 0, position: expect.stringMatching(POSITION) },
      ]);
    });

    it('generates a UUID when no managerId is given', async () => {
      const response = await app.send('POST', '/managers', {
        body: { name: 'Nameless Id', role: 'account_manager', territory: 'Central' },
      });
      expect(response.body.managerId).toMatch(UUID);
    });

    it('answers with ETag "0"', async () => {
      const response = await app.send('POST', '/managers', {
        body: { managerId: 'onb-etag', name: 'Ada Byron', role: 'account_manager', territory: 'Central' },
      });
      expect(response.headers.get('etag')).toBe('"0"');
    });

    it('records ManagerOnboarded with the profile, at effectiveFrom', async () => {
      await app.send('POST', '/managers', {
        body: {
          managerId: 'onb-event',
          name: 'Ada Byron',
          role: 'key_account_manager',
          territory: 'Northern Division',
          capacity: 12,
          email: 'ada@example.com',
          effectiveFrom: EFFECTIVE,
        },
      });
      expect(await eventsOf('onb-event')).toEqual([
        {
          type: 'ManagerOnboarded',
          data: {
            managerId: 'onb-event',
            name: 'Ada Byron',
            role: 'key_account_manager',
            territory: 'Northern Division',
            reportsTo: null,
            capacity: 12,
            email: 'ada@example.com',
            occurredAt: EFFECTIVE,
          },
        },
      ]);
    });

    it('records the manager reported to', async () => {
      await onboardManager(app, 'onb-boss');
      await onboardManager(app, 'onb-report', { reportsTo: 'onb-boss' });
      const [onboarded] = await eventsOf('onb-report');
      expect(onboarded.data.reportsTo).toBe('onb-boss');
    });
  });

  describe('changes', () => {
    it('answers a role change with 200 and revision 1', async () => {
      await onboardManager(app, 'role-answer');
      const response = await app.send('POST', '/managers/role-answer/role', { body: { role: 'key_account_manager' } });
      expect([response.status, response.body]).toEqual([
        200,
        { managerId: 'role-answer', revision: 1, position: expect.stringMatching(POSITION) },
      ]);
    });

    it('answers a role change with ETag "1"', async () => {
      await onboardManager(app, 'role-etag');
      const response = await app.send('POST', '/managers/role-etag/role', { body: { role: 'key_account_manager' } });
      expect(response.headers.get('etag')).toBe('"1"');
    });

    it('records ManagerRoleChanged with the previous role', async () => {
      await onboardManager(app, 'role-event');
      await app.send('POST', '/managers/role-event/role', { body: { role: 'account_director', effectiveFrom: EFFECTIVE } });
      expect((await eventsOf('role-event'))[1]).toEqual({
        type: 'ManagerRoleChanged',
        data: { managerId: 'role-event', role: 'account_director', previousRole: 'account_manager', occurredAt: EFFECTIVE },
      });
    });

    it('answers a reporting-line change with 200 and revision 1', async () => {
      await onboardManager(app, 'line-answer-boss');
      await onboardManager(app, 'line-answer');
      const response = await app.send('POST', '/managers/line-answer/reporting-line', { body: { reportsTo: 'line-answer-boss' } });
      expect([response.status, response.body.revision]).toEqual([200, 1]);
    });

    it('records ManagerReportingLineChanged with the previous line', async () => {
      await onboardManager(app, 'line-event-boss');
      await onboardManager(app, 'line-event');
      await app.send('POST', '/managers/line-event/reporting-line', {
        body: { reportsTo: 'line-event-boss', effectiveFrom: EFFECTIVE },
      });
      expect((await eventsOf('line-event'))[1]).toEqual({
        type: 'ManagerReportingLineChanged',
        data: { managerId: 'line-event', reportsTo: 'line-event-boss', previousReportsTo: null, occurredAt: EFFECTIVE },
      });
    });

    it('answers a capacity change with 200 and revision 1', async () => {
      await onboardManager(app, 'cap-answer');
      const response = await app.send('POST', '/managers/cap-answer/capacity', { body: { capacity: 20 } });
      expect([response.status, response.body.revision]).toEqual([200, 1]);
    });

    it('records ManagerCapacityChanged with the previous capacity', async () => {
      await onboardManager(app, 'cap-event', { capacity: 10 });
      await app.send('POST', '/managers/cap-event/capacity', { body: { capacity: 25, effectiveFrom: EFFECTIVE } });
      expect((await eventsOf('cap-event'))[1]).toEqual({
        type: 'ManagerCapacityChanged',
        data: { managerId: 'cap-event', capacity: 25, previousCapacity: 10, occurredAt: EFFECTIVE },
      });
    });
  });

  describe('offboarding', () => {
    it('answers the offboarding of a manager without accounts with 200 and revision 1', async () => {
      await onboardManager(app, 'off-answer');
      const response = await offboard('off-answer');
      expect([response.status, response.body]).toEqual([
        200,
        { managerId: 'off-answer', revision: 1, position: expect.stringMatching(POSITION) },
      ]);
    });

    it('records ManagerOffboarded with the reason and no successor', async () => {
      await onboardManager(app, 'off-event');
      await offboard('off-event', { reason: 'Left the company', effectiveFrom: EFFECTIVE });
      expect((await eventsOf('off-event'))[1]).toEqual({
        type: 'ManagerOffboarded',
        data: { managerId: 'off-event', reason: 'Left the company', successorId: null, occurredAt: EFFECTIVE },
      });
    });

    it('offboards without a successor a manager whose only account was closed', async () => {
      await onboardManager(app, 'off-closed');
      await openAccount(app, 'off-closed-account', 'off-closed');
      await app.send('POST', '/accounts/off-closed-account/closure', { body: { reason: 'Customer churned' } });
      const response = await offboard('off-closed');
      expect(response.status).toBe(200);
    });

    it('offboards without a successor a manager whose only account was reassigned away', async () => {
      await onboardManager(app, 'off-moved');
      await onboardManager(app, 'off-moved-to');
      await openAccount(app, 'off-moved-account', 'off-moved');
      await app.send('POST', '/accounts/off-moved-account/reassignment', { body: { toManagerId: 'off-moved-to', reason: 'Realignment' } });
      const response = await offboard('off-moved');
      expect(response.status).toBe(200);
    });
  });

  describe('rule violations', () => {
    it('answers problem+json with the code in type and body', async () => {
      await onboardManager(app, 'rule-shape');
      const response = await app.send('POST', '/managers', {
        body: { managerId: 'rule-shape', name: 'Again', role: 'account_manager', territory: 'Central' },
      });
      expect([response.headers.get('content-type'), response.body]).toEqual([
        'application/problem+json; charset=utf-8',
        expect.objectContaining({
          type: '/problems/manager-already-onboarded',
          title: expect.any(String),
          status: 409,
          code: 'manager-already-onboarded',
        }),
      ]);
    });

    it('refuses to onboard an id twice (409 manager-already-onboarded)', async () => {
      await onboardManager(app, 'rule-twice');
      const response = await app.send('POST', '/managers', {
        body: { managerId: 'rule-twice', name: 'Again', role: 'account_manager', territory: 'Central' },
      });
      expect([response.status, response.body.code]).toEqual([409, 'manager-already-onboarded']);
    });

    it('writes nothing when onboarding an id twice', async () => {
      await onboardManager(app, 'rule-twice-head');
      const before = await app.head();
      await app.send('POST', '/managers', {
        body: { managerId: 'rule-twice-head', name: 'Again', role: 'account_manager', territory: 'Central' },
      });
      expect(await app.head()).toBe(before);
    });

    it('refuses a reporting line that closes a cycle (409 reporting-cycle)', async () => {
      await onboardManager(app, 'cycle-b');
      await onboardManager(app, 'cycle-a', { reportsTo: 'cycle-b' });
      const response = await app.send('POST', '/managers/cycle-b/reporting-line', { body: { reportsTo: 'cycle-a' } });
      expect([response.status, response.body.code]).toEqual([409, 'reporting-cycle']);
    });

    it('writes nothing when refusing a cycle', async () => {
      await onboardManager(app, 'cycle-head-b');
      await onboardManager(app, 'cycle-head-a', { reportsTo: 'cycle-head-b' });
      const before = await app.head();
      await app.send('POST', '/managers/cycle-head-b/reporting-line', { body: { reportsTo: 'cycle-head-a' } });
      expect(await app.head()).toBe(before);
    });

    it('refuses reporting to an offboarded manager (409 reports-to-offboarded)', async () => {
      await onboardManager(app, 'gone-boss');
      await offboard('gone-boss');
      const response = await app.send('POST', '/managers', {
        body: { managerId: 'gone-report', name: 'Report', role: 'account_manager', territory: 'Central', reportsTo: 'gone-boss' },
      });
      expect([response.status, response.body.code]).toEqual([409, 'reports-to-offboarded']);
    });

    it('refuses a role the manager already has (409 no-change)', async () => {
      await onboardManager(app, 'same-role');
      const response = await app.send('POST', '/managers/same-role/role', { body: { role: 'account_manager' } });
      expect([response.status, response.body.code]).toEqual([409, 'no-change']);
    });

    it('refuses a capacity the manager already has (409 no-change)', async () => {
      await onboardManager(app, 'same-capacity', { capacity: 8 });
      const response = await app.send('POST', '/managers/same-capacity/capacity', { body: { capacity: 8 } });
      expect([response.status, response.body.code]).toEqual([409, 'no-change']);
    });

    it('refuses to offboard a manager holding an account without a successor (409 successor-required)', async () => {
      await onboardManager(app, 'holder');
      await openAccount(app, 'holder-account', 'holder');
      const response = await offboard('holder');
      expect([response.status, response.body.code]).toEqual([409, 'successor-required']);
    });

    it('writes nothing when a successor is required', async () => {
      await onboardManager(app, 'holder-head');
      await openAccount(app, 'holder-head-account', 'holder-head');
      const before = await app.head();
      await offboard('holder-head');
      expect(await app.head()).toBe(before);
    });

    it('refuses a command on an offboarded manager (409 manager-offboarded)', async () => {
      await onboardManager(app, 'offboarded-role');
      await offboard('offboarded-role');
      const response = await app.send('POST', '/managers/offboarded-role/role', { body: { role: 'sales_manager' } });
      expect([response.status, response.body.code]).toEqual([409, 'manager-offboarded']);
    });

    it('refuses to offboard a manager twice (409 manager-offboarded)', async () => {
      await onboardManager(app, 'offboarded-twice');
      await offboard('offboarded-twice');
      const response = await offboard('offboarded-twice');
      expect([response.status, response.body.code]).toEqual([409, 'manager-offboarded']);
    });

    it('answers 404 manager-not-found to a change on an unknown manager', async () => {
      const response = await app.send('POST', '/managers/nobody-here/role', { body: { role: 'sales_manager' } });
      expect([response.status, response.body.code]).toEqual([404, 'manager-not-found']);
    });

    it('answers 404 manager-not-found to offboarding an unknown manager', async () => {
      const response = await offboard('nobody-to-offboard');
      expect([response.status, response.body.code]).toEqual([404, 'manager-not-found']);
    });

    it('answers 404 reports-to-not-found to reporting to an unknown manager', async () => {
      const response = await app.send('POST', '/managers', {
        body: { managerId: 'orphan', name: 'Orphan', role: 'account_manager', territory: 'Central', reportsTo: 'no-such-boss' },
      });
      expect([response.status, response.body.code]).toEqual([404, 'reports-to-not-found']);
    });

    it('writes nothing when reportsTo is unknown', async () => {
      const before = await app.head();
      await app.send('POST', '/managers', {
        body: { managerId: 'orphan-head', name: 'Orphan', role: 'account_manager', territory: 'Central', reportsTo: 'no-such-boss' },
      });
      expect(await app.head()).toBe(before);
    });

    it('answers 404 successor-not-found to an unknown successor', async () => {
      await onboardManager(app, 'leaver');
      const response = await offboard('leaver', { reason: 'Left the company', successorId: 'no-such-successor' });
      expect([response.status, response.body.code]).toEqual([404, 'successor-not-found']);
    });

    it('refuses an offboarded successor (409 successor-offboarded)', async () => {
      await onboardManager(app, 'leaver-2');
      await onboardManager(app, 'gone-successor');
      await offboard('gone-successor');
      const response = await offboard('leaver-2', { reason: 'Left the company', successorId: 'gone-successor' });
      expect([response.status, response.body.code]).toEqual([409, 'successor-offboarded']);
    });

    it('refuses a manager as their own successor (409 successor-is-self)', async () => {
      await onboardManager(app, 'leaver-3');
      const response = await offboard('leaver-3', { reason: 'Left the company', successorId: 'leaver-3' });
      expect([response.status, response.body.code]).toEqual([409, 'successor-is-self']);
    });
  });
});
