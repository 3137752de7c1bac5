import type { DealEntry } from './maven-crm.pipeline';
import { firstEngagements } from './ownership';

const deal = (id: string, accountId: string, managerId: string, openedAt?: string): DealEntry => ({
  source: { file: 'sales_pipeline.csv', line: 2 },
  id,
  accountId,
  managerId,
  product: { name: 'GTX Pro', salesPrice: '4821.00' },
  openedAt,
});

describe('first engagements', () => {
  it('gives an account to the agent of its earliest engagement, at that date', () => {
    const deals = [deal('B2', 'acme', 'late', '2017-02-01T00:00:00.000Z'), deal('A1', 'acme', 'early', '2017-01-01T00:00:00.000Z')];
    expect(firstEngagements(deals)).toEqual([
      { source: deals[1].source, opportunityId: 'A1', accountId: 'acme', managerId: 'early', effectiveFrom: '2017-01-01T00:00:00.000Z' },
    ]);
  });

  it('breaks a tie with the smaller opportunity_id', () => {
    const deals = [deal('Z9', 'acme', 'zed', '2017-01-01T00:00:00.000Z'), deal('M5', 'acme', 'em', '2017-01-01T00:00:00.000Z')];
    expect(firstEngagements(deals).map((assignment) => assignment.managerId)).toEqual(['em']);
  });

  it('never lets a prospect (no date) decide, so an account only prospected stays unassigned', () => {
    const deals = [deal('A1', 'acme', 'prospector'), deal('B1', 'beta', 'prospector'), deal('B2', 'beta', 'engager', '2017-05-01T00:00:00.000Z')];
    expect(firstEngagements(deals).map(({ accountId, managerId }) => [accountId, managerId])).toEqual([['beta', 'engager']]);
  });
});
