import type { ContractContext } from './contract-fixtures';
import { anEvent, events, summary, uniqueStream } from './contract-fixtures';

export function describeAppending({ store }: ContractContext): void {
  describe('appendToStream then readStream', () => {
    it('reads back the ids, types, data and metadata written, in order', async () => {
      const stream = uniqueStream();
      await store().appendToStream(stream, events(1, 2, 3));
      const read = await store().readStream(stream);
      expect(read.map(({ id, type, data, metadata }) => ({ id, type, data, metadata }))).toEqual(events(1, 2, 3));
    });

    it('numbers the events of a stream from revision 0', async () => {
      const stream = uniqueStream();
      await store().appendToStream(stream, events(1, 2, 3));
      const read = await store().readStream(stream);
      expect(read.map((event) => [event.stream, event.revision])).toEqual([[stream, 0], [stream, 1], [stream, 2]]);
    });

    it('continues the revisions on a later append', async () => {
      const stream = uniqueStream();
      await store().appendToStream(stream, events(1, 2));
      await store().appendToStream(stream, events(3));
      const read = await store().readStream(stream);
      expect(read.map((event) => event.revision)).toEqual([0, 1, 2]);
    });

    it('gives strictly increasing global positions', async () => {
      const stream = uniqueStream();
      await store().appendToStream(stream, events(1, 2));
      await store().appendToStream(stream, events(3));
      const positions = (await store().readStream(stream)).map((event) => event.position);
      expect(positions.every((position, i) => i === 0 || position > positions[i - 1])).toBe(true);
    });

    it('answers with the revision and position of the batch’s last event', async () => {
      const stream = uniqueStream();
      const result = await store().appendToStream(stream, events(1, 2, 3));
      const last = (await store().readStream(stream)).at(-1)!;
      expect(result).toEqual({ nextExpectedRevision: 2, position: last.position });
    });

    it('stamps each event with the time it was recorded', async () => {
      const before = Date.now();
      await store().appendToStream(uniqueStream(), events(1));
      const [event] = await store().readAll();
      // A minute of slack either side: a server's clock need not match the test's.
      expect(Math.abs(event.recordedAt.getTime() - before)).toBeLessThan(60_000);
    });

    it('hands out recordedAt as a Date', async () => {
      await store().appendToStream(uniqueStream(), events(1));
      const [event] = await store().readAll();
      expect(event.recordedAt).toBeInstanceOf(Date);
    });

    it('keeps the events of different streams apart', async () => {
      const [left, right] = [uniqueStream(), uniqueStream()];
      await store().appendToStream(left, events(1));
      await store().appendToStream(right, events(2));
      expect((await store().readStream(left)).map(summary)).toEqual([{ stream: left, id: anEvent(1).id, revision: 0 }]);
    });

    it('refuses an empty batch with a TypeError', async () => {
      await expect(store().appendToStream(uniqueStream(), [])).rejects.toThrow(TypeError);
    });

    it('refuses a batch that repeats an event id, writing nothing', async () => {
      const stream = uniqueStream();
      await expect(store().appendToStream(stream, [anEvent(1), anEvent(2), anEvent(1)])).rejects.toThrow(TypeError);
      expect(await store().readStream(stream)).toEqual([]);
    });
  });
}
