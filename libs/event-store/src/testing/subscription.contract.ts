import type { RecordedEvent } from '../event-store.port';
import type { ContractContext } from './contract-fixtures';
import { events, summary, uniqueStream } from './contract-fixtures';

export function describeSubscriptions({ store, subscribe }: ContractContext): void {
  const numbers = (delivered: RecordedEvent[]): unknown[] => delivered.map((event) => event.data.n);

  describe('subscribeToAll', () => {
    it('catches up with every event already written, in log order', async () => {
      await store().appendToStream(uniqueStream(), events(1, 2));
      await store().appendToStream(uniqueStream(), events(3));
      const delivered = await subscribe().waitFor(3);
      expect(delivered.map(summary)).toEqual((await store().readAll()).map(summary));
    });

    it('starts strictly after a checkpoint', async () => {
      await store().appendToStream(uniqueStream(), events(1, 2, 3));
      const [, checkpoint] = await store().readAll();
      expect(numbers(await subscribe(checkpoint.position).waitFor(1))).toEqual([3]);
    });

    it('delivers events appended after it caught up', async () => {
      await store().appendToStream(uniqueStream(), events(1));
      const subscription = subscribe();
      await subscription.waitFor(1);
      await store().appendToStream(uniqueStream(), events(2));
      await store().appendToStream(uniqueStream(), events(3, 4));
      expect(numbers(await subscription.waitFor(4))).toEqual([1, 2, 3, 4]);
    });

    it('delivers the first event of an empty log', async () => {
      const subscription = subscribe();
      await store().appendToStream(uniqueStream(), events(1));
      expect(numbers(await subscription.waitFor(1))).toEqual([1]);
    });

    it('delivers each event exactly once, with no gaps, across catch-up and live', async () => {
      await store().appendToStream(uniqueStream(), events(1, 2));
      const subscription = subscribe();
      const stream = uniqueStream();
      for (const n of [3, 4, 5, 6]) await store().appendToStream(stream, events(n));
      await subscription.waitFor(6);
      const delivered = await subscription.stop();
      expect(delivered.map((event) => event.position)).toEqual((await store().readAll()).map((event) => event.position));
    });

    it('feeds concurrent subscribers the same events', async () => {
      const [first, second] = [subscribe(), subscribe()];
      await store().appendToStream(uniqueStream(), events(1, 2));
      const delivered = await Promise.all([first.waitFor(2), second.waitFor(2)]);
      expect(delivered.map(numbers)).toEqual([[1, 2], [1, 2]]);
    });

    it('ends its loop when aborted while waiting for new events', async () => {
      await store().appendToStream(uniqueStream(), events(1));
      const subscription = subscribe();
      await subscription.waitFor(1);
      expect(numbers(await subscription.stop())).toEqual([1]);
    });

    it('stops delivering as soon as it is aborted, even mid catch-up', async () => {
      await store().appendToStream(uniqueStream(), events(1, 2, 3));
      const controller = new AbortController();
      const delivered: RecordedEvent[] = [];
      for await (const event of store().subscribeToAll({ signal: controller.signal })) {
        delivered.push(event);
        controller.abort();
      }
      expect(numbers(delivered)).toEqual([1]);
    });

    it('delivers nothing when its signal is already aborted', async () => {
      await store().appendToStream(uniqueStream(), events(1));
      const delivered: RecordedEvent[] = [];
      for await (const event of store().subscribeToAll({ signal: AbortSignal.abort() })) delivered.push(event);
      expect(delivered).toEqual([]);
    });
  });
}
