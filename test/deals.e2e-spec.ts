import { onboardManager, openAccount } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

const POSITION = /^\d+$/;
const OPENED_AT = '2017-03-01T00:00:00.000Z';
const CLOSED_AT = '2017-03-15T00:00:00.000Z';

describe('deal commands', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    // Shared, never changed by a test: the account and the manager most deals need.
    await onboardManager(app, 'seller');
    await openAccount(app, 'buyer', 'seller');
  });
  afterAll(() => app.close());

  const openDeal = (dealId: string, extra: Record<string, unknown> = {}) =>
    app.send('POST', '/deals', { body: { dealId, accountId: 'buyer', managerId: 'seller', ...extra } });
  const closeDeal = (dealId: string, body: Record<string, unknown>) => app.send('POST', `/deals/${dealId}/closure`, { body });
  /** The event at `revision` in a deal's stream, as type and data. */
  const eventOf = async (dealId: string, revision: number) => {
    const { type, data } = (await app.store.readStream(`deal-${dealId}`))[revision];
    return { type, data };
  };
  /** Sends a command expected to be refused; says how, and whether the log moved. */
  const refusal = async (command: () => Promise<{ status: number; body: any }>) => {
    const before = await app.head();
    const { status, body } = await command();
    return { status, code: body.code, logMoved: (await app.head()) !== before };
  };

  describe('opening', () => {
    it('answers 201 with the given id, revision 0 and the log position', async () => {
      const response = await openDeal('open-answer');
      expect([response.status, response.body]).toEqual([
        201,
        { dealId: 'open-answer', revision: 0, position: expect.stringMatching(POSITION) },
      ]);
    });

    it('answers with ETag "0"', async () => {
      const response = await openDeal('open-etag');
      expect(response.headers.get('etag')).toBe('"0"');
    });

    it('records DealOpened with the expected value in minor units, at openedAt', async () => {
      await openDeal('open-event', { product: 'GTX Pro', expectedAmount: '4821.00', currency: 'USD', openedAt: OPENED_AT });
      expect(await eventOf('open-event', 0)).toEqual({
        type: 'DealOpened',
        data: {
          dealId: 'open-event',
          accountId: 'buyer',
          managerId: 'seller',
          product: 'GTX Pro',
          expectedAmountMinor: 482100,
          currency: 'USD',
          openedAt: OPENED_AT,
          occurredAt: OPENED_AT,
        },
      });
    });

    it('defaults the currency to the reporting currency', async () => {
      await openDeal('open-default-currency', { expectedAmount: '10.00' });
      expect((await eventOf('open-default-currency', 0)).data.currency).toBe('USD');
    });
  });

  describe('closing', () => {
    it('answers a closure with 200 and revision 1', async () => {
      await openDeal('close-answer');
      const response = await closeDeal('close-answer', { outcome: 'won', amount: '1054.00' });
      expect([response.status, response.body]).toEqual([
        200,
        { dealId: 'close-answer', revision: 1, position: expect.stringMatching(POSITION) },
      ]);
    });

    it('answers a closure with ETag "1"', async () => {
      await openDeal('close-etag');
      const response = await closeDeal('close-etag', { outcome: 'lost' });
      expect(response.headers.get('etag')).toBe('"1"');
    });

    it('records a won DealClosed with the amount in minor units', async () => {
      await openDeal('close-won', { openedAt: OPENED_AT });
      await closeDeal('close-won', { outcome: 'won', amount: '1054.00', closedAt: CLOSED_AT });
      expect(await eventOf('close-won', 1)).toEqual({
        type: 'DealClosed',
        data: {
          dealId: 'close-won',
          accountId: 'buyer',
          managerId: 'seller',
          outcome: 'won',
          amountMinor: 105400,
          currency: 'USD',
          closedAt: CLOSED_AT,
          occurredAt: CLOSED_AT,
        },
      });
    });

    it('records a lost deal without an amount as 0', async () => {
      await openDeal('close-lost', { openedAt: OPENED_AT });
      await closeDeal('close-lost', { outcome: 'lost', closedAt: CLOSED_AT });
      expect((await eventOf('close-lost', 1)).data).toMatchObject({ outcome: 'lost', amountMinor: 0, currency: 'USD' });
    });
  });

  describe('rule violations', () => {
    it('refuses to close a deal twice (409 deal-already-closed), writing nothing', async () => {
      await openDeal('twice');
      await closeDeal('twice', { outcome: 'lost' });
      const refused = await refusal(() => closeDeal('twice', { outcome: 'won', amount: '5.00' }));
      expect(refused).toEqual({ status: 409, code: 'deal-already-closed', logMoved: false });
    });

    it('answers 404 deal-not-found to closing an unknown deal, writing nothing', async () => {
      const refused = await refusal(() => closeDeal('no-such-deal', { outcome: 'lost' }));
      expect(refused).toEqual({ status: 404, code: 'deal-not-found', logMoved: false });
    });

    it('answers 404 account-not-found to a deal on an unknown account, writing nothing', async () => {
      const refused = await refusal(() => openDeal('on-nothing', { accountId: 'no-such-account' }));
      expect(refused).toEqual({ status: 404, code: 'account-not-found', logMoved: false });
    });

    it('refuses a deal on a closed account (409 account-closed), writing nothing', async () => {
      await openAccount(app, 'closed-buyer');
      await app.send('POST', '/accounts/closed-buyer/closure', { body: { reason: 'Customer churned' } });
      const refused = await refusal(() => openDeal('on-closed', { accountId: 'closed-buyer' }));
      expect(refused).toEqual({ status: 409, code: 'account-closed', logMoved: false });
    });

    it('refuses to close a deal whose account was closed since (409 account-closed), writing nothing', async () => {
      await openAccount(app, 'closing-buyer');
      await openDeal('account-closed-since', { accountId: 'closing-buyer' });
      await app.send('POST', '/accounts/closing-buyer/closure', { body: { reason: 'Customer churned' } });
      const refused = await refusal(() => closeDeal('account-closed-since', { outcome: 'lost' }));
      expect(refused).toEqual({ status: 409, code: 'account-closed', logMoved: false });
    });

    it('answers 404 manager-not-found to crediting an unknown manager, writing nothing', async () => {
      const refused = await refusal(() => openDeal('by-nobody', { managerId: 'no-such-manager' }));
      expect(refused).toEqual({ status: 404, code: 'manager-not-found', logMoved: false });
    });

    it('refuses a currency other than the reporting one (422 currency-not-supported), writing nothing', async () => {
      const refused = await refusal(() => openDeal('in-euros', { expectedAmount: '100.00', currency: 'EUR' }));
      expect(refused).toEqual({ status: 422, code: 'currency-not-supported', logMoved: false });
    });

    it('names the currency field when refusing a currency', async () => {
      const response = await openDeal('in-euros-field', { expectedAmount: '100.00', currency: 'EUR' });
      expect(response.body.errors[0].field).toBe('currency');
    });

    it('refuses to close in a currency other than the reporting one (422 currency-not-supported)', async () => {
      await openDeal('close-in-euros');
      const refused = await refusal(() => closeDeal('close-in-euros', { outcome: 'won', amount: '100.00', currency: 'EUR' }));
      expect(refused).toEqual({ status: 422, code: 'currency-not-supported', logMoved: false });
    });

    it('refuses a won closure without an amount (422 amount-required), writing nothing', async () => {
      await openDeal('won-for-nothing');
      const refused = await refusal(() => closeDeal('won-for-nothing', { outcome: 'won' }));
      expect(refused).toEqual({ status: 422, code: 'amount-required', logMoved: false });
    });

    it('names the amount field when an amount is required', async () => {
      await openDeal('won-for-nothing-field');
      const response = await closeDeal('won-for-nothing-field', { outcome: 'won' });
      expect(response.body.errors[0].field).toBe('amount');
    });

    it('refuses to open a deal id twice (409 deal-already-opened), writing nothing', async () => {
      await openDeal('opened-twice');
      const refused = await refusal(() => openDeal('opened-twice'));
      expect(refused).toEqual({ status: 409, code: 'deal-already-opened', logMoved: false });
    });
  });
});
