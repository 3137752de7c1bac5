import type { ContractContext } from './contract-fixtures';
import { events, uniqueStream } from './contract-fixtures';

export function describeIdempotency({ store }: ContractContext): void {
  describe('retried appends (same event ids)', () => {
    it('answer with the same revision and position as the first attempt', async () => {
      const stream = uniqueStream();
      const first = await store().appendToStream(stream, events(1, 2));
      const retry = await store().appendToStream(stream, events(1, 2));
      expect(retry).toEqual(first);
    });

    it('leave the stream as the first attempt wrote it', async () => {
      const stream = uniqueStream();
      await store().appendToStream(stream, events(1, 2));
      await store().appendToStream(stream, events(1, 2));
      expect((await store().readStream(stream)).map((event) => event.id)).toEqual(events(1, 2).map((event) => event.id));
    });

    it('succeed even though their exact expected revision is now stale', async () => {
      const stream = uniqueStream();
      const first = await store().appendToStream(stream, events(1, 2), { expectedRevision: 'no_stream' });
      const retry = await store().appendToStream(stream, events(1, 2), { expectedRevision: 'no_stream' });
      expect(retry).toEqual(first);
    });

    it('succeed after later events were appended, answering with the retried events’ place', async () => {
      const stream = uniqueStream();
      const first = await store().appendToStream(stream, events(1), { expectedRevision: 'no_stream' });
      await store().appendToStream(stream, events(2), { expectedRevision: 0 });
      const retry = await store().appendToStream(stream, events(1), { expectedRevision: 'no_stream' });
      expect(retry).toEqual(first);
    });

    it('write only the events not yet in the stream', async () => {
      const stream = uniqueStream();
      await store().appendToStream(stream, events(1, 2));
      await store().appendToStream(stream, events(2, 3), { expectedRevision: 1 });
      expect((await store().readStream(stream)).map((event) => event.data.n)).toEqual([1, 2, 3]);
    });

    it('dedupe per stream: the same id may open another stream', async () => {
      await store().appendToStream(uniqueStream(), events(1));
      const result = await store().appendToStream(uniqueStream(), events(1), { expectedRevision: 'no_stream' });
      expect(result.nextExpectedRevision).toBe(0);
    });
  });
}
