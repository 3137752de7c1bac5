import { status } from '@grpc/grpc-js';
import { onboardManager, openAccount } from './support/fixtures';
import { EsdbDouble, startEsdbDouble } from './support/esdb-double';
import { eventually, startTestApp, TestApp } from './support/test-app';

/**
 * The whole service on the EventStoreDB adapter, over gRPC to the wire-compatible double: the
 * commands, the read models fed by its subscription, the audit history, and an outage.
 */
describe('the service on EventStoreDB (gRPC double)', () => {
  let double: EsdbDouble;
  let app: TestApp;

  beforeAll(async () => {
    double = await startEsdbDouble();
    app = await startTestApp({ env: { EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: double.connectionString } });
    await onboardManager(app, 'm1');
    await onboardManager(app, 'm2');
    await openAccount(app, 'acme', 'm1');
  }, 30_000);
  afterAll(async () => {
    await app.close();
    await double.stop();
  });

  it('writes the commands to EventStoreDB streams, with the metadata as custom metadata', async () => {
    const [opened] = double.log.streamEvents('account-acme');
    const metadata = JSON.parse(new TextDecoder().decode(opened.metadata));
    expect([opened.type, opened.contentType, metadata.actor.role, typeof metadata.hash]).toEqual(['AccountOpened', 'application/json', 'service', 'string']);
  });

  it('keeps If-Match: a stale revision gets 412 and writes nothing', async () => {
    const head = await app.head();
    const response = await app.send('POST', '/accounts/acme/reassignment', {
      body: { toManagerId: 'm2', reason: 'Stale' },
      headers: { 'if-match': '"0"' },
    });
    expect([response.status, response.body.code, await app.head()]).toEqual([412, 'revision-mismatch', head]);
  });

  it('keeps idempotent retries: the same key writes once', async () => {
    const send = () => app.send('POST', '/accounts', { body: { accountId: 'retried', name: 'Retried' }, headers: { 'idempotency-key': 'esdb-1' } });
    const first = await send();
    const retry = await send();
    expect([retry.body, double.log.streamEvents('account-retried').length]).toEqual([first.body, 1]);
  });

  it('feeds the read models from the subscription (read-your-writes)', async () => {
    const reassigned = await app.send('POST', '/accounts/acme/reassignment', { body: { toManagerId: 'm2', reason: 'Move' }, headers: { 'if-match': '"1"' } });
    const account = await app.send('GET', `/accounts/acme?minPosition=${reassigned.body.position}`, { role: 'analyst' });
    expect([account.status, account.body.managerId, account.body.revision]).toEqual([200, 'm2', 2]);
  });

  it("serves an account's history from the EventStoreDB streams", async () => {
    await app.send('POST', '/deals', { body: { dealId: 'd1', accountId: 'acme', managerId: 'm2' } });
    const history = await app.send('GET', '/accounts/acme/history', { role: 'auditor' });
    expect(history.body.items.map((item: { stream: string; type: string }) => `${item.stream} ${item.type}`)).toEqual([
      'account-acme AccountOpened',
      'account-acme AccountAssigned',
      'account-acme ManagerReassigned',
      'deal-d1 DealOpened',
    ]);
  });

  it('verifies the hash chains of the EventStoreDB log', async () => {
    const report = await app.send('GET', '/audit/verify', { role: 'auditor' });
    expect([report.body.intact, report.body.firstBreak]).toEqual([true, null]);
  });

  it('answers 503 with Retry-After when EventStoreDB refuses appends, and writes nothing', async () => {
    const head = await app.head();
    double.failNextAppends(5, status.UNAVAILABLE);
    const response = await app.send('POST', '/accounts', { body: { accountId: 'during-outage', name: 'Outage' } });
    double.failNextAppends(0, status.UNAVAILABLE);
    expect([response.status, response.headers.get('retry-after'), response.body.code, await app.head(), double.log.streamEvents('account-during-outage').length])
      .toEqual([503, '2', 'event-store-unavailable', head, 0]);
  });

  it('keeps the read models fed after the subscription is dropped', async () => {
    double.dropSubscriptions();
    const opened = await app.send('POST', '/accounts', { body: { accountId: 'after-drop', name: 'After drop' } });
    const account = await eventually(async () => {
      const response = await app.send('GET', `/accounts/after-drop?minPosition=${opened.body.position}`, { role: 'analyst' });
      return response.status === 200 ? response : undefined;
    }, 15_000);
    expect(account.body.name).toBe('After drop');
  }, 20_000);
});
