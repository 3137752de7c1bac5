import { ROLES, Role } from '@ledger/http-kit';
import { ACCESS_TABLE, AccessRule, covers, endpointOf } from '../src/operations/access-table';
import { routesServedBy } from '../src/operations/route-inventory';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A request each endpoint can be sent, and the status an allowed caller gets. Ids name nothing
 * (404) so that every role, in any order, gets the same answer; creations use generated ids.
 */
interface Probe {
  readonly path: string;
  readonly body?: object;
  readonly status: number;
}

const PROBES: Record<string, Probe> = {
  'POST /managers': { path: '/managers', body: { name: 'Probe', role: 'account_manager', territory: 'Central' }, status: 201 },
  'POST /managers/{id}/role': { path: '/managers/nobody/role', body: { role: 'sales_manager' }, status: 404 },
  'POST /managers/{id}/reporting-line': { path: '/managers/nobody/reporting-line', body: { reportsTo: null }, status: 404 },
  'POST /managers/{id}/capacity': { path: '/managers/nobody/capacity', body: { capacity: 5 }, status: 404 },
  'POST /managers/{id}/offboarding': { path: '/managers/nobody/offboarding', body: { reason: 'left' }, status: 404 },
  'POST /accounts': { path: '/accounts', body: { name: 'Probe' }, status: 201 },
  'POST /accounts/{id}/assignment': { path: '/accounts/nothing/assignment', body: { managerId: 'nobody' }, status: 404 },
  'POST /accounts/{id}/reassignment': { path: '/accounts/nothing/reassignment', body: { toManagerId: 'nobody', reason: 'x' }, status: 404 },
  'POST /accounts/{id}/key-designation': { path: '/accounts/nothing/key-designation', body: {}, status: 404 },
  'POST /accounts/{id}/key-designation/revocation': { path: '/accounts/nothing/key-designation/revocation', body: {}, status: 404 },
  'POST /accounts/{id}/closure': { path: '/accounts/nothing/closure', body: { reason: 'x' }, status: 404 },
  'POST /deals': { path: '/deals', body: { accountId: 'nothing', managerId: 'nobody' }, status: 404 },
  'POST /deals/{id}/closure': { path: '/deals/nothing/closure', body: { outcome: 'lost' }, status: 404 },
  'GET /analytics/key-account-share': { path: '/analytics/key-account-share?from=2017-01-01&to=2017-12-31', status: 200 },
  'GET /analytics/manager-workloads': { path: '/analytics/manager-workloads', status: 200 },
  'GET /accounts': { path: '/accounts', status: 200 },
  'GET /accounts/{id}': { path: '/accounts/nothing', status: 404 },
  'GET /managers': { path: '/managers', status: 200 },
  'GET /managers/{id}': { path: '/managers/nobody', status: 404 },
  'GET /analytics/key-account-share/lineage': { path: '/analytics/key-account-share/lineage?period=2017', status: 200 },
  'GET /analytics/manager-workloads/{managerId}/lineage': { path: '/analytics/manager-workloads/nobody/lineage', status: 404 },
  'GET /analytics/freshness': { path: '/analytics/freshness', status: 200 },
  'GET /accounts/{id}/history': { path: '/accounts/nothing/history', status: 404 },
  'GET /accounts/{id}/state': { path: '/accounts/nothing/state', status: 404 },
  'GET /audit/verify': { path: '/audit/verify', status: 200 },
  'GET /audit/export': { path: '/audit/export', status: 200 },
  'GET /admin/projections': { path: '/admin/projections', status: 200 },
  'POST /admin/projections/{name}/rebuild': { path: '/admin/projections/nothing/rebuild', status: 404 },
  'POST /admin/projections/{name}/restart': { path: '/admin/projections/nothing/restart', status: 404 },
  'GET /metrics': { path: '/metrics', status: 200 },
  'GET /health/live': { path: '/health/live', status: 200 },
  'GET /health/ready': { path: '/health/ready', status: 200 },
  'GET /docs': { path: '/docs', status: 200 },
  'GET /docs/openapi.json': { path: '/docs/openapi.json', status: 200 },
  'GET /docs-yaml': { path: '/docs-yaml', status: 200 },
  'GET /docs/*': { path: '/docs/swagger-ui.css', status: 200 },
  'GET /dashboard': { path: '/dashboard', status: 200 },
  'GET /dashboard/*': { path: '/dashboard/vendor/chart.umd.min.js', status: 200 },
};

/** Served beside the API (the Swagger module's pages, the dashboard's files), so not in its document. */
const DOCUMENT_ROUTES = ['GET /docs', 'GET /docs/openapi.json', 'GET /docs-yaml', 'GET /docs/*', 'GET /dashboard', 'GET /dashboard/*'];

const allows = (rule: AccessRule, role: Role) => role === 'admin' || rule.roles === 'public' || rule.roles.includes(role as never);
const probeOf = (rule: AccessRule): Probe => {
  const probe = PROBES[endpointOf(rule)];
  if (!probe) throw new Error(`No probe for ${endpointOf(rule)}: add one to PROBES`);
  return probe;
};

interface Case {
  readonly endpoint: string;
  readonly caller: Role | 'no key' | 'a wrong key';
  readonly rule: AccessRule;
  readonly expected: number;
}

const cases: Case[] = ACCESS_TABLE.flatMap((rule) => {
  const endpoint = endpointOf(rule);
  const status = PROBES[endpoint]?.status ?? -1;
  const anonymous = rule.roles === 'public' ? status : 401;
  return [
    { endpoint, rule, caller: 'no key' as const, expected: anonymous },
    { endpoint, rule, caller: 'a wrong key' as const, expected: anonymous },
    ...ROLES.map((role) => ({ endpoint, rule, caller: role, expected: allows(rule, role) ? status : 403 })),
  ];
});

describe('access: every endpoint of the access table, for every caller', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp()));
  afterAll(() => app.close());

  it.each(cases)('$endpoint with $caller answers $expected', async ({ rule, caller, expected }) => {
    const { path, body } = probeOf(rule);
    const who = caller === 'no key' ? { role: 'none' as const } : caller === 'a wrong key' ? { key: 'not-a-key-of-ours' } : { role: caller };
    const response = await app.send(rule.method, path, { ...who, body });
    expect(response.status).toBe(expected);
  });

  it('has a rule for every route the app serves, and no rule for a route it does not serve', () => {
    const served = routesServedBy(app.app.getHttpAdapter().getInstance());
    expect({
      withoutRule: served.filter((route) => !ACCESS_TABLE.some((rule) => covers(rule, route))),
      notServed: ACCESS_TABLE.filter((rule) => !served.some((route) => covers(rule, route))).map(endpointOf),
    }).toEqual({ withoutRule: [], notServed: [] });
  });

  it('documents every rule of the API in the OpenAPI document', async () => {
    const document = (await app.send('GET', '/docs/openapi.json', { role: 'none' })).body as { paths: Record<string, object> };
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const api = ACCESS_TABLE.map(endpointOf).filter((endpoint) => !DOCUMENT_ROUTES.includes(endpoint));
    expect(api.filter((endpoint) => !documented.includes(endpoint))).toEqual([]);
  });

  it("documents, for every analyst's and auditor's query, the problems it may answer with, as problem+json", async () => {
    type Response = { description: string; content?: Record<string, unknown> };
    type Operation = { parameters?: Array<{ name: string }>; responses: Record<string, Response> };
    const document = (await app.send('GET', '/docs/openapi.json', { role: 'none' })).body as { paths: Record<string, Record<string, Operation>> };
    const queries = ACCESS_TABLE.filter((rule) => rule.method === 'GET' && rule.roles !== 'public' && rule.roles.length > 0)
      .filter((rule) => !DOCUMENT_ROUTES.includes(endpointOf(rule)));
    const undocumented = queries.flatMap((rule) => {
      const operation = document.paths[rule.path].get;
      const problem = (status: string) => (operation.responses[status]?.content?.['application/problem+json'] ? operation.responses[status] : undefined);
      const missing = ['400', '401', '403', '422', '503'].filter((status) => !problem(status));
      // A query that takes minPosition says what that parameter may be refused for, and what waiting on it may end in.
      const takesMinPosition = (operation.parameters ?? []).some((parameter) => parameter.name === 'minPosition');
      if (takesMinPosition && !/minPosition/.test(problem('400')?.description ?? '')) missing.push('400 for minPosition');
      if (takesMinPosition && !/minPosition/.test(problem('503')?.description ?? '')) missing.push('503 for minPosition');
      return missing.length > 0 ? [`${endpointOf(rule)}: ${missing.join(', ')}`] : [];
    });
    expect({ queries: queries.length, undocumented }).toEqual({ queries: 13, undocumented: [] });
  });

  it('has a probe for every rule', () => {
    expect(ACCESS_TABLE.map(endpointOf).filter((endpoint) => !PROBES[endpoint])).toEqual([]);
  });
});

describe('access: rate limit per API key', () => {
  const LIMIT = 3;
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: String(LIMIT) } })));
  afterAll(() => app.close());

  it('answers the request after the limit with 429 problem+json and a Retry-After within the minute', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i++) statuses.push((await app.send('GET', '/managers', { role: 'analyst' })).status);
    const refused = await app.send('GET', '/accounts', { role: 'analyst' });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect([...statuses, refused.status, refused.body.code, retryAfter >= 1 && retryAfter <= 60]).toEqual([
      200, 200, 200, 429, 'too-many-requests', true,
    ]);
  });

  it('still serves another key while one is limited', async () => {
    const response = await app.send('GET', '/audit/verify', { role: 'auditor' });
    expect(response.status).toBe(200);
  });

  it('does not count health checks', async () => {
    const statuses = [];
    for (let i = 0; i <= LIMIT; i++) statuses.push((await app.send('GET', '/health/live', { role: 'analyst' })).status);
    expect(statuses).toEqual([200, 200, 200, 200]);
  });
});

describe('access: security headers', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp()));
  afterAll(() => app.close());

  it('sends nosniff, a same-origin CSP and no X-Powered-By', async () => {
    const { headers } = await app.send('GET', '/managers', { role: 'analyst' });
    expect([headers.get('x-content-type-options'), headers.get('content-security-policy')?.split(';')[0], headers.get('x-powered-by')])
      .toEqual(['nosniff', "default-src 'self'", null]);
  });

  it('sends them on refusals too', async () => {
    const { status, headers } = await app.send('GET', '/managers', { role: 'none' });
    expect([status, headers.get('x-content-type-options'), headers.get('x-frame-options')]).toEqual([401, 'nosniff', 'SAMEORIGIN']);
  });

  // The service speaks plain HTTP: a browser told to upgrade would fetch the UI's files over https.
  it('does not ask browsers to upgrade requests to https', async () => {
    const { headers } = await app.send('GET', '/docs', { role: 'none' });
    expect(headers.get('content-security-policy')?.includes('upgrade-insecure-requests')).toBe(false);
  });

  it('serves the Swagger UI page, whose scripts are files of this origin that it serves', async () => {
    const page = await app.send('GET', '/docs', { role: 'none' });
    const scripts = [...String(page.body).matchAll(/<script src="\.\/([^"]+)"/g)].map((match) => match[1]);
    const statuses = await Promise.all(scripts.map(async (script) => (await app.send('GET', `/${script}`, { role: 'none' })).status));
    expect([page.status, page.headers.get('content-type'), scripts.length, statuses]).toEqual([200, 'text/html', 3, [200, 200, 200]]);
  });
});
