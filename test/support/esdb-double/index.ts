/**
 * A wire-compatible EventStoreDB test double: a grpc-js server built from the service definitions
 * `@eventstore/db-client` ships (no .proto files), holding its log in memory. It serves the
 * subset the EventStoreDB adapter uses (Streams, ServerFeatures, Gossip) and lets tests break it on
 * purpose. Its behaviour comes from the client's code and the vendor's server source, never from a
 * live server: where they disagree with a real server, the real server wins.
 */
import { type sendUnaryData, Server, ServerCredentials, status } from '@grpc/grpc-js';
import { GossipService } from '@eventstore/db-client/generated/gossip_grpc_pb';
import { ClusterInfo, EndPoint, MemberInfo } from '@eventstore/db-client/generated/gossip_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { UUID } from '@eventstore/db-client/generated/shared_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { randomUUID } from 'node:crypto';
import { EventLog } from './event-log';
import { type CallKind, Faults } from './faults';
import { handleRead, LiveSubscriptions } from './reads';
import { serviceError } from './wire';
import { handleAppend, handleBatchAppend, handleDelete, handleTombstone, type WriteContext } from './writes';

export { EventLog, type StoredEvent } from './event-log';
export type { CallKind } from './faults';

export interface EsdbDoubleOptions {
  /** Port to listen on (127.0.0.1); a free one when omitted. */
  readonly port?: number;
  /** The server's MaxAppendSize; 1 MiB by default, as on a real server. */
  readonly maxAppendSize?: number;
  /** Advertise Streams/BatchAppend, as servers since 21.10 do; the client then appends through it. Default true. */
  readonly batchAppend?: boolean;
  /** false: ServerFeatures answers UNIMPLEMENTED, like a server before 21.10 (appends use Streams/Append). */
  readonly serverFeatures?: boolean;
  /** Seed system events ($-types in $-streams), as a fresh server's log has. Default true. */
  readonly systemEvents?: boolean;
}

export interface EsdbDouble {
  readonly port: number;
  /** `esdb://127.0.0.1:PORT?tls=false`: one node, no gossip. */
  readonly connectionString: string;
  /** `esdb+discover://127.0.0.1:PORT?tls=false`: the client asks Gossip/Read for the leader first. */
  readonly discoverConnectionString: string;
  /** The data, for assertions; it survives stop/start. */
  readonly log: EventLog;
  /** Live subscriptions currently open. */
  readonly liveSubscriptions: number;
  /** Stops listening, cutting every connection (the data stays). */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  restart(): Promise<void>;
  /** Empties the log (and reseeds system events): a fresh server without a new port. */
  reset(): void;
  /** Ends every live subscription from the server side with `code`; answers how many it ended. */
  dropSubscriptions(code?: status): number;
  /** The next `count` Streams calls (reads, appends, deletes) fail with `code`, writing nothing. */
  failNext(count: number, code?: status): void;
  /** The next `count` appends fail with `code`; reads still work. */
  failNextAppends(count: number, code?: status): void;
  /** While on, appends are never applied: Append gets no answer, BatchAppend a Timeout at its deadline. */
  hangAppends(hang?: boolean): void;
  /** While on, reads and new subscriptions get no answer at all, as from a stuck server. */
  hangReads(hang?: boolean): void;
  /** How many calls of a kind arrived since start (BatchAppend: per append, not per call). */
  calls(kind: CallKind): number;
}

const ONE_MIB = 1024 * 1024;
const HOST = '127.0.0.1';

export async function startEsdbDouble(options: EsdbDoubleOptions = {}): Promise<EsdbDouble> {
  const log = new EventLog();
  const faults = new Faults();
  const subscriptions = new LiveSubscriptions();
  const context: WriteContext = { log, faults, maxAppendSize: options.maxAppendSize ?? ONE_MIB, timers: new Set() };
  const seed = (): void => {
    if (options.systemEvents === false) return;
    const data = new TextEncoder().encode('{"$userStreamAcl":{"$r":"$all"}}');
    const event = { id: randomUUID(), type: '$settings', contentType: 'application/json', data, metadata: new Uint8Array() };
    log.append('$settings', 'any', [event]);
  };
  seed();
  let server: Server | undefined;
  let port = options.port ?? 0;

  const listen = async (): Promise<void> => {
    const next = buildServer(context, subscriptions, options, () => port);
    // After a stop the old socket may take a moment to release the port: poll, bounded.
    for (let attempt = 0; ; attempt += 1) {
      try {
        port = await new Promise<number>((resolve, reject) =>
          next.bindAsync(`${HOST}:${port}`, ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
        );
        server = next;
        return;
      } catch (error) {
        if (attempt >= 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  };
  const stop = async (): Promise<void> => {
    context.timers.forEach(clearTimeout);
    context.timers.clear();
    subscriptions.forgetAll();
    server?.forceShutdown();
    server = undefined;
  };
  await listen();

  return {
    get port() {
      return port;
    },
    get connectionString() {
      return `esdb://${HOST}:${port}?tls=false`;
    },
    get discoverConnectionString() {
      return `esdb+discover://${HOST}:${port}?tls=false`;
    },
    log,
    get liveSubscriptions() {
      return subscriptions.size;
    },
    stop,
    start: listen,
    restart: async () => {
      await stop();
      await listen();
    },
    reset: () => {
      log.clear();
      faults.resetCounts();
      seed();
    },
    dropSubscriptions: (code = status.UNAVAILABLE) => subscriptions.dropAll(() => serviceError(code, 'Subscription dropped by the test double')),
    failNext: (count, code = status.UNAVAILABLE) => faults.failNext(count, code),
    failNextAppends: (count, code = status.UNAVAILABLE) => faults.failNextAppends(count, code),
    hangAppends: (hang = true) => {
      faults.hangAppends = hang;
    },
    hangReads: (hang = true) => {
      faults.hangReads = hang;
    },
    calls: (kind) => faults.callCount(kind),
  };
}

function buildServer(context: WriteContext, subscriptions: LiveSubscriptions, options: EsdbDoubleOptions, port: () => number): Server {
  // The client accepts messages up to 17 MiB; so does the server, answering MaxAppendSize itself.
  const server = new Server({ 'grpc.max_receive_message_length': 17 * ONE_MIB });
  server.addService(StreamsService, {
    read: (call: Parameters<typeof handleRead>[3]) => handleRead(context.log, context.faults, subscriptions, call),
    append: (call: Parameters<typeof handleAppend>[1], callback: Parameters<typeof handleAppend>[2]) => handleAppend(context, call, callback),
    batchAppend: (call: Parameters<typeof handleBatchAppend>[1]) => handleBatchAppend(context, call),
    delete: (call: Parameters<typeof handleDelete>[1], callback: Parameters<typeof handleDelete>[2]) => handleDelete(context, call, callback),
    tombstone: (call: Parameters<typeof handleTombstone>[1], callback: Parameters<typeof handleTombstone>[2]) =>
      handleTombstone(context, call, callback),
  });
  server.addService(ServerFeaturesService, {
    getSupportedMethods: (_call: unknown, callback: sendUnaryData<SupportedMethods>) => {
      context.faults.enter('GetSupportedMethods');
      if (options.serverFeatures === false) return callback(serviceError(status.UNIMPLEMENTED, 'Method not found'));
      callback(null, supportedMethods(options.batchAppend !== false));
    },
  });
  server.addService(GossipService, {
    // One alive LEADER whose endpoint is this very server: what esdb+discover:// needs.
    read: (_call: unknown, callback: sendUnaryData<ClusterInfo>) => {
      context.faults.enter('Gossip');
      const endpoint = new EndPoint().setAddress(HOST).setPort(port());
      const member = new MemberInfo()
        .setInstanceId(new UUID().setString(randomUUID()))
        .setTimeStamp(String(BigInt(Date.now()) * 10_000n))
        .setState(MemberInfo.VNodeState.LEADER)
        .setIsAlive(true)
        .setHttpEndPoint(endpoint);
      callback(null, new ClusterInfo().setMembersList([member]));
    },
  });
  return server;
}

/** Lower-cased names, as the server lists them (ServerFeatures.cs). */
function supportedMethods(batchAppend: boolean): SupportedMethods {
  const method = (service: string, name: string, ...features: string[]): SupportedMethod =>
    new SupportedMethod().setServiceName(service).setMethodName(name).setFeaturesList(features);
  const streams = 'event_store.client.streams.streams';
  const methods = [
    method(streams, 'read', 'position', 'events'),
    method(streams, 'append'),
    method(streams, 'delete'),
    method(streams, 'tombstone'),
    ...(batchAppend ? [method(streams, 'batchappend', 'deadline_duration')] : []),
    method('event_store.client.gossip.gossip', 'read'),
    method('event_store.client.server_features.serverfeatures', 'getsupportedmethods'),
  ];
  return new SupportedMethods().setEventStoreServerVersion('24.10.0').setMethodsList(methods);
}
