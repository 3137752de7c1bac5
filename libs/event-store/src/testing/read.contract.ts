import type { ContractContext } from './contract-fixtures';
import { anEvent, events, summary, uniqueStream } from './contract-fixtures';

export function describeReading({ store }: ContractContext): void {
  const numbersOf = async (read: Promise<{ data: { n?: unknown } }[]>): Promise<unknown[]> =>
    (await read).map((event) => event.data.n);

  describe('readStream', () => {
    it('reads a stream without events as an empty list', async () => {
      expect(await store().readStream(uniqueStream())).toEqual([]);
    });

    it('reads backwards from the last event', async () => {
      const stream = uniqueStream();
      await store().appendToStream(stream, events(1, 2, 3));
      expect(await numbersOf(store().readStream(stream, { direction: 'backwards' }))).toEqual([3, 2, 1]);
    });

    it('reads forwards from a revision, inclusive', async () => {
      const stream = uniqueStream();
      await store().appendToStream(stream, events(1, 2, 3, 4));
      expect(await numbersOf(store().readStream(stream, { fromRevision: 2 }))).toEqual([3, 4]);
    });

    it('reads backwards from a revision, inclusive', async () => {
      const stream = uniqueStream();
      await store().appendToStream(stream, events(1, 2, 3, 4));
      expect(await numbersOf(store().readStream(stream, { direction: 'backwards', fromRevision: 1 }))).toEqual([2, 1]);
    });

    it('reads at most maxCount events', async () => {
      const stream = uniqueStream();
      await store().appendToStream(stream, events(1, 2, 3, 4));
      expect(await numbersOf(store().readStream(stream, { fromRevision: 1, maxCount: 2 }))).toEqual([2, 3]);
    });

    it('reads the last event with backwards and maxCount 1', async () => {
      const stream = uniqueStream();
      await store().appendToStream(stream, events(1, 2, 3));
      expect(await numbersOf(store().readStream(stream, { direction: 'backwards', maxCount: 1 }))).toEqual([3]);
    });
  });

  describe('readAll', () => {
    it('reads an empty log as an empty list', async () => {
      expect(await store().readAll()).toEqual([]);
    });

    it('reads every stream’s events in the order they were appended', async () => {
      const [left, right] = [uniqueStream(), uniqueStream()];
      await store().appendToStream(left, events(1));
      await store().appendToStream(right, events(2, 3));
      await store().appendToStream(left, events(4));
      expect((await store().readAll()).map(summary)).toEqual([
        { stream: left, id: anEvent(1).id, revision: 0 },
        { stream: right, id: anEvent(2).id, revision: 0 },
        { stream: right, id: anEvent(3).id, revision: 1 },
        { stream: left, id: anEvent(4).id, revision: 1 },
      ]);
    });

    it('reads strictly after a position', async () => {
      const stream = uniqueStream();
      await store().appendToStream(stream, events(1, 2, 3));
      const [, second] = await store().readAll();
      expect(await numbersOf(store().readAll({ after: second.position }))).toEqual([3]);
    });

    it('reads at most maxCount events', async () => {
      await store().appendToStream(uniqueStream(), events(1, 2, 3));
      expect(await numbersOf(store().readAll({ maxCount: 2 }))).toEqual([1, 2]);
    });

    it('pages through the log with after and maxCount', async () => {
      await store().appendToStream(uniqueStream(), events(1, 2, 3));
      const firstPage = await store().readAll({ maxCount: 2 });
      const after = firstPage.at(-1)!.position;
      expect(await numbersOf(store().readAll({ after, maxCount: 2 }))).toEqual([3]);
    });
  });

  describe('headPosition', () => {
    it('is null while the log is empty', async () => {
      expect(await store().headPosition()).toBeNull();
    });

    it('is the position of the last event written', async () => {
      await store().appendToStream(uniqueStream(), events(1));
      const { position } = await store().appendToStream(uniqueStream(), events(2, 3));
      expect(await store().headPosition()).toBe(position);
    });
  });
}
