/**
 * The gRPC test double itself, as `@eventstore/db-client` 6.2.1 (and, where ordering on the wire
 * matters, a raw gRPC client) sees it. These facts come from the client's and the vendor server's
 * code, not from a live server: they pin what the adapter's tests rely on.
 */
import {
  type AppendResult,
  eventTypeFilter,
  EventStoreDBClient,
  jsonEvent,
  MaxAppendSizeExceededError,
  NO_STREAM,
  StreamDeletedError,
  StreamNotFoundError,
  streamNameFilter,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { StreamsClient } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { credentials } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { type EsdbDouble, startEsdbDouble } from '../../../../test/support/esdb-double';

let current: EsdbDouble;
let legacy: EsdbDouble;
const clients: EventStoreDBClient[] = [];
beforeAll(async () => {
  // No seeded system events here, so that positions and checkpoint counts are exact.
  [current, legacy] = await Promise.all([startEsdbDouble({ systemEvents: false }), startEsdbDouble({ serverFeatures: false, maxAppendSize: 4096 })]);
});
beforeEach(() => [current, legacy].forEach((double) => double.reset()));
afterEach(async () => {
  // dispose() cancels streams but leaves 6.2.1's channel open; stopping the double closes its connections.
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
});
afterAll(() => Promise.all([current.stop(), legacy.stop()]));

function connect(double: EsdbDouble): EventStoreDBClient {
  const client = EventStoreDBClient.connectionString(double.connectionString);
  clients.push(client);
  return client;
}

const anEvent = (type = 'Happened', data: Record<string, unknown> = { ok: true }) => jsonEvent({ id: randomUUID(), type, data, metadata: { by: 'test' } });
const fail = (promise: Promise<unknown>) => promise.then(() => new Error('did not fail'), (error: unknown) => error);

describe.each([
  ['BatchAppend', () => current],
  ['Streams/Append', () => legacy],
])('appending through %s', (path, double) => {
  it('is the path the client takes', async () => {
    await connect(double()).appendToStream('s-1', [anEvent()]);
    expect(double().calls(path === 'BatchAppend' ? 'BatchAppend' : 'Append')).toBe(1);
  });

  it('answers with the revision and the position $all shows', async () => {
    const client = connect(double());
    const result = await client.appendToStream('s-1', [anEvent(), anEvent()]);
    const read: bigint[] = [];
    for await (const resolved of client.readAll()) if (resolved.event?.streamId === 's-1') read.push(resolved.event.position.commit);
    expect({ revision: result.nextExpectedRevision, position: result.position?.commit }).toEqual({ revision: 1n, position: read[1] });
  });

  it('refuses a wrong expected revision, telling the actual one', async () => {
    const client = connect(double());
    await client.appendToStream('s-1', [anEvent(), anEvent()]);
    const error = (await fail(client.appendToStream('s-1', [anEvent()], { expectedRevision: NO_STREAM }))) as WrongExpectedVersionError;
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect({ stream: error.streamName, expected: error.expectedVersion, actual: error.actualVersion }).toEqual({ stream: 's-1', expected: 'no_stream', actual: 1n });
  });

  it('takes a retry with the same ids at the same expected revision as done, writing no duplicate', async () => {
    const client = connect(double());
    const batch = [anEvent(), anEvent()];
    const first = await client.appendToStream('s-1', batch, { expectedRevision: NO_STREAM });
    const retry: AppendResult = await client.appendToStream('s-1', batch, { expectedRevision: NO_STREAM });
    let count = 0;
    for await (const resolved of client.readStream('s-1')) if (resolved.event) count += 1;
    expect({ revision: retry.nextExpectedRevision, position: retry.position, count }).toEqual({ revision: 1n, position: first.position, count: 2 });
  });

  it('refuses a batch over its MaxAppendSize', async () => {
    const error = await fail(connect(double()).appendToStream('s-1', [anEvent('Big', { blob: 'x'.repeat(1024 * 1024) })]));
    expect(error).toBeInstanceOf(MaxAppendSizeExceededError);
  });
});

describe('reading', () => {
  it('stamps created with the time of writing', async () => {
    const client = connect(current);
    await client.appendToStream('s-1', [anEvent()]);
    for await (const resolved of client.readStream('s-1')) expect(Math.abs(resolved.event!.created.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('reports a missing stream as StreamNotFoundError', async () => {
    const read = async () => {
      for await (const resolved of connect(current).readStream('nothing-here')) void resolved;
    };
    expect(await fail(read())).toBeInstanceOf(StreamNotFoundError);
  });

  it('reads $all forwards from a position including it, backwards excluding it', async () => {
    const client = connect(current);
    await client.appendToStream('s-1', [anEvent('A'), anEvent('B'), anEvent('C')]);
    const types = async (read: AsyncIterable<{ event?: { type: string } }>) => {
      const seen: string[] = [];
      for await (const resolved of read) seen.push(resolved.event!.type);
      return seen;
    };
    const [, second] = current.log.events;
    const fromPosition = { commit: second.position, prepare: second.position };
    const forwards = await types(client.readAll({ fromPosition }));
    const backwards = await types(client.readAll({ fromPosition, direction: 'backwards' }));
    expect({ forwards, backwards }).toEqual({ forwards: ['B', 'C'], backwards: ['A'] });
  });
});

describe('subscribing', () => {
  /** The content cases of a raw $all subscription, in wire order, until `count` have arrived. */
  async function rawSubscription(count: number, onCaughtUp: () => void): Promise<string[]> {
    const raw = new StreamsClient(`127.0.0.1:${current.port}`, credentials.createInsecure());
    const options = new ReadReq.Options()
      .setAll(new ReadReq.Options.AllOptions().setStart(new Empty()))
      .setSubscription(new ReadReq.Options.SubscriptionOptions())
      .setUuidOption(new ReadReq.Options.UUIDOption().setString(new Empty()))
      .setNoFilter(new Empty());
    const call = raw.read(new ReadReq().setOptions(options));
    const names = Object.fromEntries(Object.entries(ReadResp.ContentCase).map(([name, value]) => [value, name]));
    const seen: string[] = [];
    call.on('error', () => undefined);
    await new Promise<void>((resolve) =>
      call.on('data', (response: ReadResp) => {
        if (response.hasCaughtUp()) onCaughtUp();
        if (seen.push(names[response.getContentCase()]) >= count) resolve();
      }),
    );
    call.cancel();
    raw.close();
    return seen;
  }

  it('sends the confirmation, the history, caught_up, then live events', async () => {
    const client = connect(current);
    await client.appendToStream('s-1', [anEvent()]);
    const seen = await rawSubscription(4, () => void client.appendToStream('s-1', [anEvent()]));
    expect(seen).toEqual(['CONFIRMATION', 'EVENT', 'CAUGHT_UP', 'EVENT']);
  });

  it('filters on event type, with a checkpoint every window × multiplier events scanned', async () => {
    const client = connect(current);
    const checkpoints: bigint[] = [];
    const filter = eventTypeFilter({ prefixes: ['Wanted'], maxSearchWindow: 2, checkpointInterval: 2, checkpointReached: (_s, p) => void checkpoints.push(p.commit) });
    await client.appendToStream('s-1', Array.from({ length: 9 }, (_, i) => anEvent(i % 2 === 0 ? 'Wanted' : 'Other')));
    const delivered: string[] = [];
    for await (const resolved of client.subscribeToAll({ filter })) if (delivered.push(resolved.event!.type) === 5) break;
    const positions = current.log.events.map((event) => event.position);
    expect({ delivered: new Set(delivered), checkpoints }).toEqual({ delivered: new Set(['Wanted']), checkpoints: [positions[3], positions[7]] });
  });

  it('filters on stream name by regex', async () => {
    const client = connect(current);
    await client.appendToStream('skip-1', [anEvent()]);
    await client.appendToStream('keep-1', [anEvent()]);
    for await (const resolved of client.subscribeToAll({ filter: streamNameFilter({ regex: '^keep-' }) })) {
      expect(resolved.event?.streamId).toBe('keep-1');
      break;
    }
  });

  it('to a stream from a revision, delivers what follows it', async () => {
    const client = connect(current);
    await client.appendToStream('s-1', [anEvent('A'), anEvent('B')]);
    for await (const resolved of client.subscribeToStream('s-1', { fromRevision: 0n })) {
      expect(resolved.event?.type).toBe('B');
      break;
    }
  });

  it('ends live subscriptions with UNAVAILABLE on dropSubscriptions()', async () => {
    const subscription = connect(current).subscribeToAll();
    subscription.on('confirmation', () => current.dropSubscriptions());
    const drain = async () => {
      for await (const resolved of subscription) void resolved;
    };
    expect(await fail(drain())).toBeInstanceOf(UnavailableError);
  });
});

describe('deleting', () => {
  it('soft-deleted streams read as missing; a later append continues the numbering', async () => {
    const client = connect(current);
    await client.appendToStream('s-1', [anEvent(), anEvent()]);
    await client.deleteStream('s-1');
    const result = await client.appendToStream('s-1', [anEvent()]);
    expect(result.nextExpectedRevision).toBe(2n);
  });

  it('refuses a wrong expected revision with every trailer the client reads', async () => {
    const client = connect(current);
    await client.appendToStream('s-1', [anEvent(), anEvent()]);
    const error = (await fail(client.deleteStream('s-1', { expectedRevision: 5n }))) as WrongExpectedVersionError;
    expect({ stream: error.streamName, expected: error.expectedVersion, actual: error.actualVersion }).toEqual({ stream: 's-1', expected: 5n, actual: 1n });
  });

  it('tombstoned streams refuse appends with StreamDeletedError', async () => {
    const client = connect(current);
    await client.appendToStream('s-1', [anEvent()]);
    await client.tombstoneStream('s-1');
    expect(await fail(client.appendToStream('s-1', [anEvent()]))).toBeInstanceOf(StreamDeletedError);
  });
});
