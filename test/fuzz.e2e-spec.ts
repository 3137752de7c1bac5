import fc from 'fast-check';
import { onboardManager, openAccount } from './support/fixtures';
import { acceptHeaders, commandHeaders, hostileBodies, pathIds, queryStrings } from './support/hostile-input';
import { rawClient, RawClient, RawResponse } from './support/raw-http';
import { waitForReadModels } from './support/read-model-status';
import { startTestApp, TEST_KEYS, TestApp } from './support/test-app';

const SEED = 20261129;
const MANAGERS = ['fz-m1', 'fz-m2', 'fz-m3', 'fz-m4'];
const ACCOUNTS = ['fz-a1', 'fz-a2', 'fz-a3'];
const DEALS = ['fz-d1', 'fz-d2', 'fz-d3'];
const TIME = ['effectiveFrom'];

/** Each command: its path for a generated id, a valid body, and the fields it knows. */
const COMMANDS: Array<{ path: (id: string) => string; ids: string[]; base: Record<string, unknown>; fields: string[] }> = [
  { path: () => '/managers', ids: [''], base: { name: 'Fuzz', role: 'account_manager', territory: 'Central' },
    fields: ['managerId', 'name', 'role', 'territory', 'reportsTo', 'capacity', 'email', ...TIME] },
  { path: (id) => `/managers/${id}/role`, ids: MANAGERS, base: { role: 'key_account_manager' }, fields: ['role', ...TIME] },
  { path: (id) => `/managers/${id}/reporting-line`, ids: MANAGERS, base: { reportsTo: 'fz-m1' }, fields: ['reportsTo', ...TIME] },
  { path: (id) => `/managers/${id}/capacity`, ids: MANAGERS, base: { capacity: 10 }, fields: ['capacity', ...TIME] },
  { path: (id) => `/managers/${id}/offboarding`, ids: MANAGERS, base: { reason: 'Left', successorId: 'fz-m1' }, fields: ['reason', 'successorId', ...TIME] },
  { path: () => '/accounts', ids: [''], base: { name: 'Fuzz Ltd' },
    fields: ['accountId', 'name', 'sector', 'region', 'country', 'parentAccountId', 'annualRevenue', 'employees', ...TIME] },
  { path: (id) => `/accounts/${id}/assignment`, ids: ACCOUNTS, base: { managerId: 'fz-m2' }, fields: ['managerId', ...TIME] },
  { path: (id) => `/accounts/${id}/reassignment`, ids: ACCOUNTS, base: { toManagerId: 'fz-m3', reason: 'Fuzz' }, fields: ['toManagerId', 'reason', ...TIME] },
  { path: (id) => `/accounts/${id}/key-designation`, ids: ACCOUNTS, base: {}, fields: ['reason', ...TIME] },
  { path: (id) => `/accounts/${id}/key-designation/revocation`, ids: ACCOUNTS, base: {}, fields: ['reason', ...TIME] },
  { path: (id) => `/accounts/${id}/closure`, ids: ACCOUNTS, base: { reason: 'Fuzz' }, fields: ['reason'] },
  { path: () => '/deals', ids: [''], base: { accountId: 'fz-a1', managerId: 'fz-m1' },
    fields: ['dealId', 'accountId', 'managerId', 'product', 'expectedAmount', 'currency', 'openedAt'] },
  { path: (id) => `/deals/${id}/closure`, ids: DEALS, base: { outcome: 'won', amount: '10.00' }, fields: ['outcome', 'amount', 'currency', 'closedAt'] },
];

/** Each query: its path for a generated id, the role it needs, and its parameters (minPosition aside). */
const QUERIES: Array<{ path: (id: string) => string; ids: string[]; role: 'analyst' | 'auditor'; params: string[] }> = [
  { path: () => '/accounts', ids: [''], role: 'analyst', params: ['tier', 'managerId', 'region', 'sector', 'limit', 'cursor'] },
  { path: (id) => `/accounts/${id}`, ids: ACCOUNTS, role: 'analyst', params: [] },
  { path: () => '/managers', ids: [''], role: 'analyst', params: ['limit', 'cursor'] },
  { path: (id) => `/managers/${id}`, ids: MANAGERS, role: 'analyst', params: [] },
  { path: () => '/analytics/key-account-share', ids: [''], role: 'analyst', params: ['from', 'to', 'groupBy', 'region', 'sector'] },
  { path: () => '/analytics/manager-workloads', ids: [''], role: 'analyst', params: ['from', 'to', 'territory'] },
  { path: (id) => `/accounts/${id}/history`, ids: ACCOUNTS, role: 'auditor', params: ['after', 'limit'] },
  { path: (id) => `/accounts/${id}/state`, ids: ACCOUNTS, role: 'auditor', params: ['asOf', 'asKnownAt'] },
  { path: () => '/audit/export', ids: [''], role: 'auditor', params: ['from', 'to'] },
  { path: () => '/audit/verify', ids: [''], role: 'auditor', params: [] },
];

/** Who calls: mostly the right role; sometimes none, a wrong role or an unknown key (401/403 must be problems too). */
const callers = (role: keyof typeof TEST_KEYS) =>
  fc.oneof(
    { weight: 16, arbitrary: fc.constant<Record<string, string>>({ authorization: `Bearer ${TEST_KEYS[role]}` }) },
    { weight: 4, arbitrary: fc.constantFrom<Record<string, string>>(
      {}, { authorization: `Bearer ${TEST_KEYS[role === 'service' ? 'analyst' : 'service']}` }, { authorization: 'Bearer not-a-key' }, { authorization: 'Basic x' },
    ) },
  );

/** What is wrong with an answer, by the contract: no 5xx; every 4xx a problem with a code; validation failures name their fields. */
function contractBreaches(response: RawResponse): string[] {
  const breaches: string[] = [];
  if (response.status >= 500) breaches.push(`${response.status}: ${response.text.slice(0, 200)}`);
  if (response.status < 400 || response.status >= 500) return breaches;
  const problem = response.json;
  if (!response.contentType.startsWith('application/problem+json')) breaches.push(`${response.status} as ${response.contentType}`);
  if (typeof problem?.code !== 'string' || problem.code === '' || problem.status !== response.status) breaches.push(`${response.status} without code or status`);
  const validation = problem?.code === 'validation-failed' || (problem?.code === 'invalid-type' && problem?.errors !== undefined);
  // A field may be named '' (an unknown field of that name): named all the same.
  const fieldsNamed = Array.isArray(problem?.errors) && problem.errors.length > 0 &&
    problem.errors.every((error: { field?: unknown; reason?: unknown }) => typeof error.field === 'string' && typeof error.reason === 'string');
  if (validation && !fieldsNamed) breaches.push(`${problem.code} without errors naming fields`);
  return breaches;
}

describe('fuzz: hostile bodies, headers, ids, query strings and dates at every endpoint', () => {
  let app: TestApp;
  let client: RawClient;
  let requests = 0;
  const statuses: Record<number, number> = {};
  const send = async (method: string, path: string, headers: Record<string, string>, body?: string) => {
    const response = await client.send({ method, path, headers, body });
    requests++;
    statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    return response;
  };

  beforeAll(async () => {
    app = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '1000000' } });
    client = rawClient(app.baseUrl);
    for (const id of MANAGERS) await onboardManager(app, id);
    for (const [index, id] of ACCOUNTS.entries()) await openAccount(app, id, MANAGERS[index]);
    for (const [index, id] of DEALS.entries()) {
      await app.send('POST', '/deals', { body: { dealId: id, accountId: ACCOUNTS[index], managerId: MANAGERS[index] } });
    }
  });
  afterAll(async () => {
    console.log(`Fuzz: ${requests} requests; statuses ${JSON.stringify(statuses)}`);
    client.close();
    await app.close();
  });

  it.each(COMMANDS.map((command) => [command.path('{id}'), command]))('POST %s: no 5xx, problems with codes and fields, a refusal writes nothing', async (_, command) => {
    const request = fc.record({ id: pathIds(command.ids), body: hostileBodies(command.base, command.fields), headers: commandHeaders, auth: callers('service') });
    await fc.assert(
      fc.asyncProperty(request, async ({ id, body, headers, auth }) => {
        const head = await app.head();
        const response = await send('POST', command.path(id), { ...headers, ...auth }, body);
        const wroteWhenRefused = response.status >= 400 && (await app.head()) !== head;
        expect([contractBreaches(response), wroteWhenRefused]).toEqual([[], false]);
      }),
      { numRuns: 25, seed: SEED },
    );
  });

  it.each(QUERIES.map((query) => [query.path('{id}'), query]))('GET %s: no 5xx, problems with codes and fields, nothing written', async (_, query) => {
    const request = fc.record({ id: pathIds(query.ids), query: queryStrings(query.params), accept: fc.option(acceptHeaders(), { nil: undefined }), auth: callers(query.role) });
    const head = await app.head();
    await fc.assert(
      fc.asyncProperty(request, async ({ id, query: search, accept, auth }) => {
        const response = await send('GET', `${query.path(id)}?${search}`, { ...auth, ...(accept === undefined ? {} : { accept }) });
        expect(contractBreaches(response)).toEqual([]);
      }),
      { numRuns: 25, seed: SEED },
    );
    expect(await app.head()).toBe(head);
  });

  // Found by this fuzzing: ISO 8601 forms that passed validation but that Date cannot read were a 500.
  it.each(['2017-W01-1', '20170301', '2017-03-01T10', '2017-03-01T10:00,5', '-2017-01-01'])(
    'refuses effectiveFrom %s with 422 naming the field, and writes nothing',
    async (effectiveFrom) => {
      const head = await app.head();
      const response = await send('POST', '/accounts/fz-a1/key-designation/revocation', { authorization: `Bearer ${TEST_KEYS.service}`, 'content-type': 'application/json' },
        JSON.stringify({ effectiveFrom }));
      expect([response.status, response.json?.errors?.map((error: { field: string }) => error.field), await app.head()]).toEqual([422, ['effectiveFrom'], head]);
    },
  );

  // Found by this fuzzing: paths the router cannot read were answered in Fastify's own JSON shape.
  it.each([['/accounts/%C0%AF', 400, 'malformed-path'], [`/accounts/${'a'.repeat(101)}`, 414, 'path-segment-too-long']])(
    'answers GET %s with a problem',
    async (path, status, code) => {
      const response = await send('GET', path, { authorization: `Bearer ${TEST_KEYS.analyst}` });
      expect([response.status, response.contentType, response.json?.code]).toEqual([status, 'application/problem+json; charset=utf-8', code]);
    },
  );

  it('leaves the log and the read models as they were after a run of refused commands', async () => {
    const snapshot = async () => {
      await waitForReadModels(app.send);
      const answers = await Promise.all(['/accounts?limit=500', '/managers?limit=500', '/analytics/key-account-share?groupBy=none', '/analytics/manager-workloads']
        .map((path) => app.send('GET', path, { role: 'analyst' })));
      return { head: await app.head(), answers: answers.map((answer) => answer.body) };
    };
    const before = await snapshot();
    // If-Match names a revision no stream has: whatever the rest, each command must be refused. Each
    // has a fresh Idempotency-Key: a key of an accepted request with the same body would replay it.
    const refusedCommand = fc.constantFrom(...COMMANDS).chain((command) =>
      fc.record({ command: fc.constant(command), id: pathIds(command.ids), body: hostileBodies(command.base, command.fields), headers: commandHeaders }));
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(refusedCommand, async ({ command, id, body, headers }) => {
        const response = await send('POST', command.path(id), { ...headers, 'if-match': '"999999"', 'idempotency-key': `refused-${sent++}`, authorization: `Bearer ${TEST_KEYS.service}` }, body);
        expect([response.status >= 400 && response.status < 500, contractBreaches(response)]).toEqual([true, []]);
      }),
      { numRuns: 150, seed: SEED },
    );
    expect(await snapshot()).toEqual(before);
  });
});
