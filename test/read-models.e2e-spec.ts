import { eventually, startTestApp, TestApp } from './support/test-app';

/**
 * A small scenario computed by hand, written through the command API and read back through the
 * analysts' API with minPosition (read-your-writes).
 *
 * Managers: lead (East, no capacity); m1 (East, reports to lead, capacity 2); m2 (West, reports to
 * lead, capacity 1). Accounts: A (EMEA, retail) and B (EMEA, software) assigned to m1, C (AMER,
 * retail) to m2; B then reassigned to m2. Deals: d1 on A by m1 won 1000.00 on 2017-02-10; d2 on B by
 * m1 won 500.00 on 2017-03-20; d3 on C by m2 won 250.00 on 2017-05-05; d4 on A by m1 lost on
 * 2017-04-01; d5 on C by m2 open. Then, after the deals: A designated key effective 2017-01-01
 * (backdated: d1 becomes key-account sales), C designated key effective 2017-05-10 (after d3).
 */
describe('read models over HTTP', () => {
  let app: TestApp;
  let lastPosition = '0';

  const command = async (path: string, body: Record<string, unknown>) => {
    const response = await app.send('POST', path, { body });
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    lastPosition = response.body.position;
    return response.body;
  };
  const query = (path: string, headers: Record<string, string> = {}) =>
    app.send('GET', `${path}${path.includes('?') ? '&' : '?'}minPosition=${lastPosition}`, { role: 'analyst', headers });

  beforeAll(async () => {
    app = await startTestApp();
    await command('/managers', { managerId: 'lead', name: 'Lea Lead', role: 'sales_manager', territory: 'East' });
    await command('/managers', { managerId: 'm1', name: 'Max One', role: 'account_manager', territory: 'East', reportsTo: 'lead', capacity: 2 });
    await command('/managers', { managerId: 'm2', name: 'Mia Two', role: 'account_manager', territory: 'West', reportsTo: 'lead', capacity: 1 });
    for (const [accountId, region, sector, managerId] of [['A', 'EMEA', 'retail', 'm1'], ['B', 'EMEA', 'software', 'm1'], ['C', 'AMER', 'retail', 'm2']]) {
      await command('/accounts', { accountId, name: `Account ${accountId}`, region, sector });
      await command(`/accounts/${accountId}/assignment`, { managerId });
    }
    await command('/accounts/B/reassignment', { toManagerId: 'm2', reason: 'Rebalance' });
    const deals: Array<[string, string, string, 'won' | 'lost' | null, string, string]> = [
      ['d1', 'A', 'm1', 'won', '1000.00', '2017-02-10'],
      ['d2', 'B', 'm1', 'won', '500.00', '2017-03-20'],
      ['d3', 'C', 'm2', 'won', '250.00', '2017-05-05'],
      ['d4', 'A', 'm1', 'lost', '0', '2017-04-01'],
      ['d5', 'C', 'm2', null, '', ''],
    ];
    for (const [dealId, accountId, managerId, outcome, amount, closedAt] of deals) {
      await command('/deals', { dealId, accountId, managerId, openedAt: '2017-01-15' });
      if (outcome) await command(`/deals/${dealId}/closure`, { outcome, amount, closedAt });
    }
    await command('/accounts/A/key-designation', { effectiveFrom: '2017-01-01' });
    await command('/accounts/C/key-designation', { effectiveFrom: '2017-05-10' });
  });
  afterAll(() => app.close());

  describe('key-account share', () => {
    it('by quarter, counting the backdated designation', async () => {
      const response = await query('/analytics/key-account-share?from=2017-01-01&to=2017-12-31&groupBy=quarter');
      expect(response.body).toEqual({
        currency: 'USD',
        total: { wonValue: '1750.00', keyWonValue: '1000.00', share: 0.5714 },
        periods: [
          { period: '2017-Q1', wonValue: '1500.00', keyWonValue: '1000.00', share: 0.6667 },
          { period: '2017-Q2', wonValue: '250.00', keyWonValue: '0.00', share: 0 },
        ],
      });
    });

    it('by month', async () => {
      const response = await query('/analytics/key-account-share?groupBy=month');
      expect(response.body.periods.map((p: { period: string; share: number }) => [p.period, p.share])).toEqual([
        ['2017-02', 1],
        ['2017-03', 0],
        ['2017-05', 0],
      ]);
    });

    it('filtered by region', async () => {
      const response = await query('/analytics/key-account-share?region=EMEA&groupBy=year');
      expect(response.body.total).toEqual({ wonValue: '1500.00', keyWonValue: '1000.00', share: 0.6667 });
    });

    it('as CSV', async () => {
      const response = await query('/analytics/key-account-share?groupBy=quarter', { accept: 'text/csv' });
      expect([response.headers.get('content-type'), response.body]).toEqual([
        'text/csv; charset=utf-8',
        'period,wonValue,keyWonValue,share\n2017-Q1,1500.00,1000.00,0.6667\n2017-Q2,250.00,0.00,0\ntotal,1750.00,1000.00,0.5714\n',
      ]);
    });

    it('restates past periods after a backdated revocation', async () => {
      await command('/accounts/A/key-designation/revocation', { effectiveFrom: '2017-02-01' });
      const response = await query('/analytics/key-account-share?groupBy=none');
      await command('/accounts/A/key-designation', { effectiveFrom: '2017-06-01' });
      expect(response.body.total).toEqual({ wonValue: '1750.00', keyWonValue: '0.00', share: 0 });
    });
  });

  describe('manager workloads', () => {
    it('per manager, for the year', async () => {
      const response = await query('/analytics/manager-workloads?from=2017-01-01&to=2017-12-31');
      const figures = response.body.managers.map((m: Record<string, unknown>) =>
        [m.managerId, m.accounts, m.keyAccounts, m.openDeals, m.wonDeals, m.wonValue, m.utilisation, m.overCapacity]);
      expect(figures).toEqual([
        ['lead', 0, 0, 0, 0, '0.00', null, false],
        ['m1', 1, 1, 0, 2, '1500.00', 0.5, false],
        ['m2', 2, 1, 1, 1, '250.00', 2, true],
      ]);
    });

    it("rolls up the lead's team", async () => {
      const response = await query('/analytics/manager-workloads');
      const [team] = response.body.teams;
      expect([team.leadId, team.members, team.accounts, team.keyAccounts, team.wonDeals, team.wonValue, team.capacity]).toEqual(
        ['lead', 3, 3, 2, 3, '1750.00', 3],
      );
    });

    it('rolls up per territory', async () => {
      const response = await query('/analytics/manager-workloads');
      expect(response.body.territories.map((t: Record<string, unknown>) => [t.territory, t.managers, t.accounts])).toEqual([
        ['East', 2, 1],
        ['West', 1, 2],
      ]);
    });

    it('counts only deals won in the range', async () => {
      const response = await query('/analytics/manager-workloads?from=2017-03-01&to=2017-03-31&territory=East');
      expect(response.body.managers.map((m: Record<string, unknown>) => [m.managerId, m.wonDeals, m.wonValue])).toEqual([
        ['lead', 0, '0.00'],
        ['m1', 1, '500.00'],
      ]);
    });
  });

  describe('account directory', () => {
    it('lists key accounts', async () => {
      const response = await query('/accounts?tier=key');
      expect(response.body.items.map((a: { accountId: string }) => a.accountId)).toEqual(['A', 'C']);
    });

    it('shows one account as it stands', async () => {
      const response = await query('/accounts/B');
      expect(response.body).toEqual({
        accountId: 'B', name: 'Account B', sector: 'software', region: 'EMEA', country: null, parentAccountId: null,
        tier: 'standard', managerId: 'm2', status: 'open', revision: 2,
      });
    });

    it("shows a manager's portfolio", async () => {
      const response = await query('/managers/m2');
      expect([response.body.name, response.body.portfolio.map((a: { accountId: string }) => a.accountId)]).toEqual(['Mia Two', ['B', 'C']]);
    });

    it('pages with a cursor', async () => {
      const first = await query('/accounts?limit=2');
      const second = await query(`/accounts?limit=2&cursor=${first.body.next}`);
      expect([first.body.items.map((a: { accountId: string }) => a.accountId), second.body.items.map((a: { accountId: string }) => a.accountId), second.body.next])
        .toEqual([['A', 'B'], ['C'], undefined]);
    });

    it('answers 404 for an unknown account', async () => {
      const response = await query('/accounts/nope');
      expect([response.status, response.body.code]).toEqual([404, 'account-not-found']);
    });

    it('refuses a page larger than 500', async () => {
      const response = await query('/accounts?limit=501');
      expect([response.status, response.body.errors[0].field]).toEqual([422, 'limit']);
    });
  });

  describe('read-your-writes and roles', () => {
    it('refuses a minPosition beyond the end of the log with 400 and the log head, rather than waiting for it', async () => {
      const head = await app.head();
      const response = await app.send('GET', `/accounts?minPosition=${BigInt(head) + 1n}`, { role: 'analyst' });
      expect([response.status, response.headers.get('content-type'), response.body.code, response.body.errors]).toEqual([
        400, 'application/problem+json; charset=utf-8', 'min-position-beyond-log',
        [{ field: 'minPosition', reason: `must be at most the log's last position, ${head}` }],
      ]);
    });

    it('answers 403 to a service key on analyst queries', async () => {
      const response = await app.send('GET', '/analytics/key-account-share', { role: 'service' });
      expect(response.status).toBe(403);
    });
  });

  describe('operations', () => {
    it('reports each projection caught up, with its checkpoint at the log head', async () => {
      await query('/accounts');
      const head = await app.head();
      const response = await eventually(async () => {
        const status = await app.send('GET', '/admin/projections', { role: 'admin' });
        return status.body.projections.every((p: { checkpoint: string }) => p.checkpoint === head) ? status : undefined;
      });
      expect(response.body.projections.map((p: Record<string, unknown>) => [p.name, p.status, p.lagEvents, p.lagMs])).toEqual([
        ['account-directory', 'running', 0, 0],
        ['key-account-share', 'running', 0, 0],
        ['manager-workloads', 'running', 0, 0],
        ['account-streams', 'running', 0, 0],
        ['offboarding-process', 'running', 0, 0],
      ]);
    });

    it('rebuilds a read model beside the live one, answering meanwhile, with identical figures after', async () => {
      const path = '/analytics/key-account-share?groupBy=quarter';
      const before = await query(path);
      const started = await app.send('POST', '/admin/projections/key-account-share/rebuild', { role: 'admin' });
      const during = await query(path);
      await eventually(async () => {
        const status = await app.send('GET', '/admin/projections', { role: 'admin' });
        const share = status.body.projections.find((p: { name: string }) => p.name === 'key-account-share');
        return share.generation === started.body.generation && share.rebuild === undefined ? true : undefined;
      });
      const after = await query(path);
      expect([started.status, during.body, after.body]).toEqual([202, before.body, before.body]);
    });

    it('answers 404 to the rebuild of an unknown projection', async () => {
      const response = await app.send('POST', '/admin/projections/nope/rebuild', { role: 'admin' });
      expect([response.status, response.body.code]).toEqual([404, 'projection-not-found']);
    });
  });
});

describe('a poison event', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    // An assignment of an account the log never opened: the directory cannot apply it.
    await app.store.appendToStream('account-ghost', [
      {
        id: '9a0c3f57-4a8e-4c1b-8d3e-2f6a7b8c9d01',
        type: 'AccountAssigned',
        data: { accountId: 'ghost', managerId: 'm1', occurredAt: '2017-01-01T00:00:00.000Z' },
        metadata: { actor: { role: 'service', keyId: 'test' }, correlationId: 'poison', causationId: 'poison' },
      },
    ]);
  });
  afterAll(() => app.close());

  const directoryStatus = async () => {
    const response = await app.send('GET', '/admin/projections', { role: 'admin' });
    return response.body.projections.find((p: { name: string }) => p.name === 'account-directory');
  };

  it('marks the read model failed, naming the event and the error', async () => {
    const status = await eventually(async () => {
      const current = await directoryStatus();
      return current.status === 'failed' ? current : undefined;
    });
    expect([status.failure.position, status.failure.eventType, status.failure.error, status.checkpoint]).toEqual([
      await app.head(),
      'AccountAssigned',
      'AccountAssigned for account ghost, which was never opened',
      null,
    ]);
  });

  it('does not stop the other read models', async () => {
    const head = await app.head();
    const share = await eventually(async () => {
      const response = await app.send('GET', '/admin/projections', { role: 'admin' });
      const current = response.body.projections.find((p: { name: string }) => p.name === 'key-account-share');
      return current.checkpoint === head ? current : undefined;
    });
    expect(share.status).toBe('running');
  });

  it('answers 503 at once to a query that waits for the failed read model', async () => {
    await eventually(async () => ((await directoryStatus()).status === 'failed' ? true : undefined));
    const response = await app.send('GET', `/accounts?minPosition=${await app.head()}`, { role: 'analyst' });
    expect([response.status, response.body.code]).toEqual([503, 'read-model-failed']);
  });

  it('does not skip the event on restart: it fails again at the same position', async () => {
    await eventually(async () => ((await directoryStatus()).status === 'failed' ? true : undefined));
    const restarted = await app.send('POST', '/admin/projections/account-directory/restart', { role: 'admin' });
    const status = await eventually(async () => {
      const current = await directoryStatus();
      return current.status === 'failed' ? current : undefined;
    });
    expect([restarted.status, status.failure.position, status.lagEvents]).toEqual([202, await app.head(), 1]);
  });
});
