import fc from 'fast-check';
import { onboardManager, openAccount } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/** Every command endpoint, against entities that exist, so random bodies reach the deciders too. */
const ENDPOINTS = [
  '/managers',
  '/managers/fuzz-manager/role',
  '/managers/fuzz-manager/reporting-line',
  '/managers/fuzz-manager/capacity',
  '/managers/fuzz-manager/offboarding',
  '/accounts',
  '/accounts/fuzz-account/assignment',
  '/accounts/fuzz-account/reassignment',
  '/accounts/fuzz-account/key-designation',
  '/accounts/fuzz-account/key-designation/revocation',
  '/accounts/fuzz-account/closure',
  '/deals',
  '/deals/fuzz-deal/closure',
];

/** Bodies shaped like the requests (known field names) with values of any JSON type, or any JSON at all. */
const FIELDS = ['name', 'role', 'territory', 'reportsTo', 'capacity', 'reason', 'successorId', 'effectiveFrom', 'managerId',
  'toManagerId', 'accountId', 'dealId', 'annualRevenue', 'employees', 'outcome', 'amount', 'currency', 'closedAt', 'openedAt'];
const bodies = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELDS), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }),
  fc.jsonValue({ maxDepth: 4 }),
);

describe('no input gets a 500, and a refused command writes nothing', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    await onboardManager(app, 'fuzz-manager');
    await onboardManager(app, 'fuzz-other');
    await openAccount(app, 'fuzz-account', 'fuzz-manager');
    await app.send('POST', '/deals', { body: { dealId: 'fuzz-deal', accountId: 'fuzz-account', managerId: 'fuzz-manager' } });
  });
  afterAll(() => app.close());

  it.each(ENDPOINTS)('POST %s with 60 generated bodies', async (path) => {
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const headBefore = await app.head();
        const response = await app.send('POST', path, { rawBody: JSON.stringify(body) });
        const refused = response.status >= 400;
        return response.status < 500 && (!refused || (await app.head()) === headBefore);
      }),
      { numRuns: 60, seed: 20261129 },
    );
  });
});
