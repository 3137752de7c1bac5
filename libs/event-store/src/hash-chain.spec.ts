import { ChainVerifier, chainEvents, eventHash, GENESIS_HASH } from './hash-chain';
import type { EventToAppend, RecordedEvent } from './event-store.port';

const proposed = (index: number): EventToAppend => ({
  id: `00000000-0000-4000-8000-00000000000${index}`,
  type: 'Counted',
  data: { count: index, occurredAt: '2026-01-05T10:00:00.000Z' },
  metadata: { actor: { role: 'service', keyId: 'abc' }, correlationId: 'c', causationId: 'c' },
});

/** The events as the store would record them, in one stream, after chaining. */
function recorded(count: number, stream = 'counter-1'): RecordedEvent[] {
  const chained = chainEvents(stream, undefined, Array.from({ length: count }, (_, index) => proposed(index)));
  return chained.map((event, revision) => ({ ...event, stream, revision, position: BigInt(revision + 1), recordedAt: new Date(0) }));
}

const verify = (events: RecordedEvent[]) => {
  const verifier = new ChainVerifier();
  return events.map((event) => verifier.check(event)).find((found) => found !== undefined);
};

describe('hash chain', () => {
  it('hashes an event as the logs already written were hashed', () => {
    // Pinned: a change to the canonical form or the digest would break every stored chain.
    expect(eventHash('counter-1', 0, proposed(0), GENESIS_HASH)).toBe('7fd9194279ab29ccaf61bd6882fbc59bb7a96d475688cd34a65af64e039191da');
  });

  it('chains the first event to the genesis hash', () => {
    const [first] = recorded(1);
    expect(first.metadata.hash).toBe(eventHash('counter-1', 0, first, GENESIS_HASH));
  });

  it('continues a chain from the stream\'s last event', () => {
    const [first] = recorded(1);
    const [second] = chainEvents('counter-1', first, [proposed(1)]);
    expect(second.metadata.hash).toBe(eventHash('counter-1', 1, second, first.metadata.hash as string));
  });

  it('does not depend on the order of keys in the data', () => {
    const event = proposed(1);
    const reordered = { ...event, data: { occurredAt: '2026-01-05T10:00:00.000Z', count: 1 } };
    expect(eventHash('s', 0, reordered, GENESIS_HASH)).toBe(eventHash('s', 0, event, GENESIS_HASH));
  });

  it('verifies an intact stream', () => {
    expect(verify(recorded(5))).toBeUndefined();
  });

  it('names an event whose data was edited', () => {
    const events = recorded(5);
    events[2] = { ...events[2], data: { ...events[2].data, count: 99 } };
    expect(verify(events)).toEqual({ position: '3', stream: 'counter-1', revision: 2, eventId: events[2].id, reason: 'altered' });
  });

  it('names an event whose metadata was edited', () => {
    const events = recorded(3);
    events[1] = { ...events[1], metadata: { ...events[1].metadata, actor: { role: 'admin', keyId: 'abc' } } };
    expect(verify(events)?.revision).toBe(1);
  });

  it('names the first event after a removed one', () => {
    const events = recorded(4);
    events.splice(1, 1);
    expect(verify(events)).toEqual(expect.objectContaining({ revision: 2, reason: 'revision-gap' }));
  });

  it('names events written without a hash', () => {
    const [event] = recorded(1);
    const { hash: _hash, ...metadata } = event.metadata;
    expect(verify([{ ...event, metadata }])?.reason).toBe('unhashed');
  });

  it('keeps streams apart', () => {
    const interleaved = [recorded(2, 'a'), recorded(2, 'b')].flatMap((events) => events);
    expect(verify(interleaved)).toBeUndefined();
  });
});
