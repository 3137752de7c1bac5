/**
 * Streams/Read: stream and $all reads, and catch-up subscriptions (the same RPC with
 * `count_option = subscription`). Semantics follow the vendor's server (Streams.Read.cs and its
 * enumerators) as far as the client can observe them.
 */
import type { ServerWritableStream } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { EventLog, StoredEvent } from './event-log';
import type { Faults } from './faults';
import { readEvent, streamDeletedError, streamIdentifier, streamName } from './wire';

type ReadCall = ServerWritableStream<ReadReq, ReadResp>;
const { StreamOptions, AllOptions, FilterOptions } = ReadReq.Options;
const BACKWARDS = ReadReq.Options.ReadDirection.BACKWARDS;
/** The server's default filter search window, used when the client asks for `count`. */
const DEFAULT_WINDOW = 32;

interface Selection {
  /** Events to send, in order, for the historical part. */
  readonly history: readonly StoredEvent[];
  /** Whether a live event belongs to this read (subscriptions only). */
  readonly accepts: (event: StoredEvent) => boolean;
}

/** Live subscriptions, so that faults can drop them and shutdown can end them. */
export class LiveSubscriptions {
  private readonly live = new Map<ReadCall, () => void>();

  add(call: ReadCall, stop: () => void): void {
    this.live.set(call, stop);
  }

  remove(call: ReadCall): void {
    this.live.get(call)?.();
    this.live.delete(call);
  }

  get size(): number {
    return this.live.size;
  }

  /** Stops feeding every live subscription, leaving their calls to whoever ends them (a shutdown). */
  forgetAll(): void {
    [...this.live.keys()].forEach((call) => this.remove(call));
  }

  /** Ends every live subscription from the server side with `error`; answers how many there were. */
  dropAll(error: () => Error): number {
    const calls = [...this.live.keys()];
    for (const call of calls) {
      this.remove(call);
      call.emit('error', error());
    }
    return calls.length;
  }
}

export function handleRead(log: EventLog, faults: Faults, subscriptions: LiveSubscriptions, call: ReadCall): void {
  const failure = faults.enter('Read');
  if (failure) return void call.emit('error', failure);
  // Left open, unanswered, until the client cancels or the server stops.
  if (faults.hangReads) return;
  const options = call.request.getOptions()!;
  const subscribing = options.getCountOptionCase() === ReadReq.Options.CountOptionCase.SUBSCRIPTION;
  if (options.hasStream()) {
    const name = streamName(options.getStream()!.getStreamIdentifier());
    if (log.isTombstoned(name)) return void call.emit('error', streamDeletedError(name));
    if (!subscribing && log.streamEvents(name).length === 0) {
      call.write(new ReadResp().setStreamNotFound(new ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(name))));
      return void call.end();
    }
  }
  const selection = options.hasStream() ? selectStream(log, options) : selectAll(log, options);
  const filter = eventFilter(options);
  if (!subscribing) {
    const matching = selection.history.filter(filter.matches);
    matching.slice(0, Number(BigInt(options.getCount()))).forEach((event) => call.write(readEvent(event)));
    return void call.end();
  }
  subscribe(log, subscriptions, call, selection, filter);
}

function subscribe(log: EventLog, subscriptions: LiveSubscriptions, call: ReadCall, selection: Selection, filter: EventFilter): void {
  call.write(new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID())));
  let scanned = 0;
  // Filtered subscriptions report progress every window × multiplier events looked at, matching or not.
  const deliver = (event: StoredEvent): void => {
    if (filter.matches(event)) call.write(readEvent(event));
    if (filter.checkpointEvery && ++scanned % filter.checkpointEvery === 0) {
      const position = event.position.toString();
      call.write(new ReadResp().setCheckpoint(new ReadResp.Checkpoint().setCommitPosition(position).setPreparePosition(position)));
    }
  };
  // History, caught_up and the switch to live happen in one synchronous turn: no append can slip between.
  selection.history.forEach(deliver);
  call.write(new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));
  const stop = log.onWrite((event) => {
    if (selection.accepts(event)) deliver(event);
  });
  subscriptions.add(call, stop);
  call.on('cancelled', () => subscriptions.remove(call));
}

/** Stream reads include the starting revision in both directions; subscriptions start after it. */
function selectStream(log: EventLog, options: ReadReq.Options): Selection {
  const stream = options.getStream()!;
  const name = streamName(stream.getStreamIdentifier());
  const events = log.streamEvents(name);
  const subscribing = options.hasSubscription();
  const accepts = (event: StoredEvent): boolean => event.stream === name && event.type !== '$streamDeleted';
  switch (stream.getRevisionOptionCase()) {
    case StreamOptions.RevisionOptionCase.END:
      return { history: options.getReadDirection() === BACKWARDS && !subscribing ? [...events].reverse() : [], accepts };
    case StreamOptions.RevisionOptionCase.REVISION: {
      const from = BigInt(stream.getRevision());
      if (subscribing) return { history: events.filter((event) => event.revision > from), accepts };
      if (options.getReadDirection() === BACKWARDS) {
        return { history: events.filter((event) => event.revision <= from).reverse(), accepts };
      }
      return { history: events.filter((event) => event.revision >= from), accepts };
    }
    default:
      // Backwards from the start is backwards from revision 0: the first event only.
      return { history: options.getReadDirection() === BACKWARDS && !subscribing ? events.slice(0, 1) : events, accepts };
  }
}

/** $all forwards from P includes P, backwards from P excludes it; a subscription from P starts after it. */
function selectAll(log: EventLog, options: ReadReq.Options): Selection {
  const all = options.getAll()!;
  const events = log.events;
  const accepts = (): boolean => true;
  const backwards = options.getReadDirection() === BACKWARDS && !options.hasSubscription();
  switch (all.getAllOptionCase()) {
    case AllOptions.AllOptionCase.END:
      return { history: backwards ? [...events].reverse() : [], accepts };
    case AllOptions.AllOptionCase.POSITION: {
      const from = BigInt(all.getPosition()!.getCommitPosition());
      if (options.hasSubscription()) return { history: events.filter((event) => event.position > from), accepts };
      if (backwards) return { history: events.filter((event) => event.position < from).reverse(), accepts };
      return { history: events.filter((event) => event.position >= from), accepts };
    }
    default:
      return { history: backwards ? [] : events, accepts };
  }
}

interface EventFilter {
  readonly matches: (event: StoredEvent) => boolean;
  /** Events between checkpoint messages; null when the request has no filter. */
  readonly checkpointEvery: number | null;
}

/** `event_type` / `stream_identifier` filters: the regex when one is given, else the prefixes. */
function eventFilter(options: ReadReq.Options): EventFilter {
  const filter = options.getFilter();
  if (!options.hasFilter() || !filter) return { matches: () => true, checkpointEvery: null };
  const onType = filter.getFilterCase() === FilterOptions.FilterCase.EVENT_TYPE;
  const expression = (onType ? filter.getEventType() : filter.getStreamIdentifier())!;
  const regex = expression.getRegex() ? new RegExp(expression.getRegex()) : null;
  const prefixes = expression.getPrefixList();
  const matches = (event: StoredEvent): boolean => {
    const subject = onType ? event.type : event.stream;
    return regex ? regex.test(subject) : prefixes.some((prefix) => subject.startsWith(prefix));
  };
  const window = filter.hasMax() ? filter.getMax() : DEFAULT_WINDOW;
  return { matches, checkpointEvery: window * Math.max(1, filter.getCheckpointintervalmultiplier()) };
}
