import type { ContractContext } from './contract-fixtures';
import { events, uniqueStream, wrongRevision } from './contract-fixtures';

export function describeExpectedRevisions({ store }: ContractContext): void {
  describe('expected revision', () => {
    it('no_stream: appends to a stream that has no events', async () => {
      const result = await store().appendToStream(uniqueStream(), events(1), { expectedRevision: 'no_stream' });
      expect(result.nextExpectedRevision).toBe(0);
    });

    it('no_stream: refuses an existing stream, telling its last revision', async () => {
      const stream = uniqueStream();
      await store().appendToStream(stream, events(1, 2));
      const refusal = await wrongRevision(store().appendToStream(stream, events(3), { expectedRevision: 'no_stream' }));
      expect(refusal).toEqual({ stream, expected: 'no_stream', actual: 1 });
    });

    it('stream_exists: appends to a stream that has events', async () => {
      const stream = uniqueStream();
      await store().appendToStream(stream, events(1));
      const result = await store().appendToStream(stream, events(2), { expectedRevision: 'stream_exists' });
      expect(result.nextExpectedRevision).toBe(1);
    });

    it('stream_exists: refuses a missing stream with actual no_stream', async () => {
      const stream = uniqueStream();
      const refusal = await wrongRevision(store().appendToStream(stream, events(1), { expectedRevision: 'stream_exists' }));
      expect(refusal).toEqual({ stream, expected: 'stream_exists', actual: 'no_stream' });
    });

    it('exact: appends when the stream’s last revision matches', async () => {
      const stream = uniqueStream();
      await store().appendToStream(stream, events(1, 2));
      const result = await store().appendToStream(stream, events(3), { expectedRevision: 1 });
      expect(result.nextExpectedRevision).toBe(2);
    });

    it('exact: refuses a stale revision, telling the actual one', async () => {
      const stream = uniqueStream();
      await store().appendToStream(stream, events(1, 2, 3));
      const refusal = await wrongRevision(store().appendToStream(stream, events(4), { expectedRevision: 1 }));
      expect(refusal).toEqual({ stream, expected: 1, actual: 2 });
    });

    it('exact: refuses a missing stream with actual no_stream', async () => {
      const stream = uniqueStream();
      const refusal = await wrongRevision(store().appendToStream(stream, events(1), { expectedRevision: 0 }));
      expect(refusal).toEqual({ stream, expected: 0, actual: 'no_stream' });
    });

    it('any: appends whether or not the stream exists', async () => {
      const stream = uniqueStream();
      await store().appendToStream(stream, events(1), { expectedRevision: 'any' });
      const result = await store().appendToStream(stream, events(2), { expectedRevision: 'any' });
      expect(result.nextExpectedRevision).toBe(1);
    });

    it('defaults to any', async () => {
      const stream = uniqueStream();
      await store().appendToStream(stream, events(1));
      const result = await store().appendToStream(stream, events(2));
      expect(result.nextExpectedRevision).toBe(1);
    });

    it('a refused append leaves the log as it was', async () => {
      const stream = uniqueStream();
      await store().appendToStream(stream, events(1));
      const before = { all: await store().readAll(), head: await store().headPosition() };
      await wrongRevision(store().appendToStream(stream, events(2), { expectedRevision: 'no_stream' }));
      expect({ all: await store().readAll(), head: await store().headPosition() }).toEqual(before);
    });

    it('a refused batch writes none of its events', async () => {
      const stream = uniqueStream();
      await store().appendToStream(stream, events(1));
      await wrongRevision(store().appendToStream(stream, events(2, 3, 4), { expectedRevision: 5 }));
      expect((await store().readStream(stream)).map((event) => event.revision)).toEqual([0]);
    });

    it('of two concurrent appends at one revision, exactly one lands', async () => {
      const stream = uniqueStream();
      await store().appendToStream(stream, events(1));
      const outcomes = await Promise.allSettled([
        store().appendToStream(stream, events(2), { expectedRevision: 0 }),
        store().appendToStream(stream, events(3), { expectedRevision: 0 }),
      ]);
      expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    });

    it('the losing concurrent append is told the winner’s revision', async () => {
      const stream = uniqueStream();
      await store().appendToStream(stream, events(1));
      const appends = [2, 3].map((n) => store().appendToStream(stream, events(n), { expectedRevision: 0 }));
      const settled = await Promise.allSettled(appends);
      const loser = appends[settled.findIndex((outcome) => outcome.status === 'rejected')];
      expect(await wrongRevision(loser)).toEqual({ stream, expected: 0, actual: 1 });
    });
  });
}
