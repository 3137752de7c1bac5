import { SqliteEventStore } from '@ledger/event-store';
import type { ProjectionStatus } from '@ledger/projections';
import { freshnessReport } from './read-model-freshness.query';

describe('freshness report', () => {
  const times = ['2024-01-02T03:00:00.000Z', '2024-01-02T03:00:05.000Z', '2024-01-02T03:00:09.000Z'];
  let store: SqliteEventStore;
  const status = (name: string, checkpoint: string | null, lagEvents: number): ProjectionStatus => ({
    name, status: 'running', generation: 1, checkpoint, head: '3', lagEvents, lagEventsCapped: false, lagMs: lagEvents * 1000,
    eventsPerSecond: 12, failure: { position: '2', eventType: 'Happened', error: 'SQLITE_FULL: database or disk is full', at: times[1] },
  });

  beforeEach(async () => {
    let next = 0;
    store = new SqliteEventStore({ path: ':memory:', now: () => new Date(times[next++]) });
    for (const n of [1, 2, 3]) await store.appendToStream(`s-${n}`, [{ id: `00000000-0000-4000-8000-00000000000${n}`, type: 'Happened', data: {}, metadata: {} }]);
  });
  afterEach(() => store.close());

  it('dates each read model by the record time of the last event it applied', async () => {
    const report = await freshnessReport([status('share', '2', 1), status('workloads', '3', 0)], ['share', 'workloads'], store);
    expect(report.readModels.map((model) => [model.name, model.checkpointRecordedAt])).toEqual([['share', times[1]], ['workloads', times[2]]]);
  });

  it("gives the log's head with its record time", async () => {
    const report = await freshnessReport([status('share', '2', 1)], ['share'], store);
    expect([report.head, report.headRecordedAt]).toEqual(['3', times[2]]);
  });

  it('lists only read models, not reactors', async () => {
    const report = await freshnessReport([status('share', '3', 0), status('offboarding-process', '3', 0)], ['share'], store);
    expect(report.readModels.map((model) => model.name)).toEqual(['share']);
  });

  it('gives no time to a read model that has applied nothing yet', async () => {
    const report = await freshnessReport([status('share', null, 3)], ['share'], store);
    expect(report.readModels[0]).toEqual({
      name: 'share', status: 'running', checkpoint: null, head: '3', lagEvents: 3, lagEventsCapped: false, lagMs: 3000, checkpointRecordedAt: null,
    });
  });

  it("keeps the operators' details (failures, generations, throughput) out of the analysts' answer", async () => {
    const report = await freshnessReport([status('share', '3', 0)], ['share'], store);
    expect(Object.keys(report.readModels[0]).sort()).toEqual(
      ['checkpoint', 'checkpointRecordedAt', 'head', 'lagEvents', 'lagEventsCapped', 'lagMs', 'name', 'status'],
    );
  });
});
