/**
 * Conversions between the double's log and the protobuf messages of `@eventstore/db-client`'s own
 * generated code, plus the error shapes the client expects. Built from those definitions and the
 * server's RpcExceptions/Status helpers, not from a live server.
 */
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { createRequire } from 'node:module';
import * as shared from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { Any } from 'google-protobuf/google/protobuf/any_pb';
import type { Empty } from 'google-protobuf/google/protobuf/empty_pb';
import type { Expected, StoredEvent } from './event-log';

// The client's own copy of google-protobuf, so that messages nest in its generated classes.
const clientRequire = createRequire(require.resolve('@eventstore/db-client'));
const { Any: AnyMessage } = clientRequire('google-protobuf/google/protobuf/any_pb') as { Any: new () => Any };
export const { Empty: GoogleEmpty } = clientRequire('google-protobuf/google/protobuf/empty_pb') as {
  Empty: new () => Empty;
};

export function streamName(identifier: shared.StreamIdentifier | undefined): string {
  return Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');
}

export function streamIdentifier(name: string): shared.StreamIdentifier {
  return new shared.StreamIdentifier().setStreamName(Buffer.from(name, 'utf8'));
}

export function uuidString(uuid: shared.UUID | undefined): string {
  if (!uuid) return '';
  if (uuid.hasString()) return uuid.getString().toLowerCase();
  const structured = uuid.getStructured()!;
  const hex = [structured.getMostSignificantBits(), structured.getLeastSignificantBits()]
    .map((bits) => BigInt.asUintN(64, BigInt(bits)).toString(16).padStart(16, '0'))
    .join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The shape shared by the options of Append, Delete and Tombstone (exact revision field: `revision`). */
interface ExpectedOptions {
  hasRevision?(): boolean;
  getRevision?(): string;
  hasStreamPosition?(): boolean;
  getStreamPosition?(): string;
  hasNoStream(): boolean;
  hasStreamExists(): boolean;
}

/** Reads the expected-revision oneof; uint64 arrives as a decimal string. Unset means any. */
export function expectedOf(options: ExpectedOptions): Expected {
  if (options.hasRevision?.()) return BigInt(options.getRevision!());
  if (options.hasStreamPosition?.()) return BigInt(options.getStreamPosition!());
  if (options.hasNoStream()) return 'no_stream';
  if (options.hasStreamExists()) return 'stream_exists';
  return 'any';
}

/** ESDB's long encoding of an expectation, as sent in the `expected-version` trailer. */
export function expectedAsLong(expected: Expected): string {
  const special = { any: '-2', no_stream: '-1', stream_exists: '-4' } as const;
  return typeof expected === 'bigint' ? expected.toString() : special[expected];
}

export function readEvent(event: StoredEvent): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(new shared.UUID().setString(event.id))
    .setStreamIdentifier(streamIdentifier(event.stream))
    .setStreamRevision(event.revision.toString())
    .setCommitPosition(event.position.toString())
    .setPreparePosition(event.position.toString())
    .setData(event.data)
    .setCustomMetadata(event.metadata);
  recorded.getMetadataMap().set('type', event.type).set('content-type', event.contentType).set('created', event.created.toString());
  // Servers since 2022 fill the $all position on stream reads too (kurrent-io/KurrentDB#3459).
  const read = new ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(event.position.toString());
  return new ReadResp().setEvent(read);
}

/** A gRPC error with the trailers the client's error constructors read (it throws if one is missing). */
export function serviceError(code: status, details: string, trailers: Record<string, string> = {}): ServiceError {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata });
}

export function wrongExpectedVersionError(stream: string, expected: Expected, current: bigint | null): ServiceError {
  return serviceError(status.FAILED_PRECONDITION, `Wrong expected version on ${stream}`, {
    exception: 'wrong-expected-version',
    'stream-name': stream,
    'expected-version': expectedAsLong(expected),
    'actual-version': current === null ? '' : current.toString(),
  });
}

export function streamDeletedError(stream: string): ServiceError {
  return serviceError(status.FAILED_PRECONDITION, `Event stream '${stream}' is deleted.`, {
    exception: 'stream-deleted',
    'stream-name': stream,
  });
}

export function maxAppendSizeError(limit: number): ServiceError {
  return serviceError(status.INVALID_ARGUMENT, `Maximum Append Size of ${limit} Exceeded.`, {
    exception: 'maximum-append-size-exceeded',
    'maximum-append-size': String(limit),
  });
}

/** A google.rpc.Status carrying one typed detail, as BatchAppend replies report failures. */
export function rpcStatus(code: status, message: string, detail: { serializeBinary(): Uint8Array }, typeName: string): Status {
  const any = new AnyMessage();
  any.pack(detail.serializeBinary(), `event_store.client.${typeName}`);
  return new Status().setCode(code as number).setMessage(message).setDetails(any);
}

export function wrongExpectedVersionStatus(expected: Expected, current: bigint | null): Status {
  const detail = new shared.WrongExpectedVersion();
  if (current === null) detail.setCurrentNoStream(new GoogleEmpty());
  else detail.setCurrentStreamRevision(current.toString());
  if (expected === 'any') detail.setExpectedAny(new GoogleEmpty());
  else if (expected === 'no_stream') detail.setExpectedNoStream(new GoogleEmpty());
  else if (expected === 'stream_exists') detail.setExpectedStreamExists(new GoogleEmpty());
  else detail.setExpectedStreamPosition(expected.toString());
  return rpcStatus(status.FAILED_PRECONDITION, 'Wrong expected version', detail, 'WrongExpectedVersion');
}
