/**
 * Streams/Append, Streams/BatchAppend, Streams/Delete and Streams/Tombstone. Answer shapes follow
 * the vendor's server (Streams.Append.cs, Streams.BatchAppend.cs, RpcExceptions.cs); the log
 * decides the outcome. An injected failure or an oversized batch writes nothing.
 */
import { status, type sendUnaryData, type ServerDuplexStream, type ServerReadableStream, type ServerUnaryCall } from '@grpc/grpc-js';
import * as shared from '@eventstore/db-client/generated/shared_pb';
import {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  DeleteReq,
  DeleteResp,
  TombstoneReq,
  TombstoneResp,
} from '@eventstore/db-client/generated/streams_pb';
import type { EventLog, Expected, ProposedEvent, WriteOutcome } from './event-log';
import type { Faults } from './faults';
import * as wire from './wire';

export interface WriteContext {
  readonly log: EventLog;
  readonly faults: Faults;
  readonly maxAppendSize: number;
  /** Timers of appends left hanging, cleared when the server stops. */
  readonly timers: Set<NodeJS.Timeout>;
}

interface Message {
  getId(): shared.UUID | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}

function proposed(message: Message): ProposedEvent {
  const metadata = message.getMetadataMap();
  const [data, custom] = [message.getData_asU8(), message.getCustomMetadata_asU8()];
  return { id: wire.uuidString(message.getId()), type: metadata.get('type') ?? '', contentType: metadata.get('content-type') ?? '', data, metadata: custom };
}

/** The server's Event.SizeOnDisk without its fixed overhead: type, data and metadata bytes. */
function sizeOf(events: readonly ProposedEvent[]): number {
  return events.reduce((sum, event) => sum + Buffer.byteLength(event.type) + event.data.length + event.metadata.length, 0);
}

export function handleAppend(context: WriteContext, call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>): void {
  const failure = context.faults.enter('Append');
  let options: AppendReq.Options | undefined;
  const events: ProposedEvent[] = [];
  call.on('data', (request: AppendReq) => {
    if (request.hasOptions()) options = request.getOptions();
    else if (request.hasProposedMessage()) events.push(proposed(request.getProposedMessage()!));
  });
  call.on('end', () => {
    if (failure) return callback(failure);
    // A hung append is never answered: the client's own gRPC deadline ends the call.
    if (context.faults.hangAppends) return;
    if (sizeOf(events) > context.maxAppendSize) return callback(wire.maxAppendSizeError(context.maxAppendSize));
    const stream = wire.streamName(options?.getStreamIdentifier());
    const expected = wire.expectedOf(options!);
    const outcome = context.log.append(stream, expected, events);
    if (outcome.kind === 'stream_deleted') return callback(wire.streamDeletedError(stream));
    callback(null, appendResponse(outcome, expected));
  });
}

function appendResponse(outcome: Exclude<WriteOutcome, { kind: 'stream_deleted' }>, expected: Expected): AppendResp {
  if (outcome.kind === 'success') {
    const position = new AppendResp.Position().setCommitPosition(outcome.position.toString()).setPreparePosition(outcome.position.toString());
    return new AppendResp().setSuccess(new AppendResp.Success().setCurrentRevision(outcome.revision.toString()).setPosition(position));
  }
  const wrong = new AppendResp.WrongExpectedVersion();
  if (outcome.current === null) wrong.setCurrentNoStream(new shared.Empty());
  else wrong.setCurrentRevision(outcome.current.toString());
  if (expected === 'any') wrong.setExpectedAny(new shared.Empty());
  else if (expected === 'no_stream') wrong.setExpectedNoStream(new shared.Empty());
  else if (expected === 'stream_exists') wrong.setExpectedStreamExists(new shared.Empty());
  else wrong.setExpectedRevision(expected.toString());
  return new AppendResp().setWrongExpectedVersion(wrong);
}

interface PendingBatch {
  readonly stream: string;
  readonly expected: Expected;
  readonly deadline: Date | undefined;
  readonly events: ProposedEvent[];
}

/**
 * One long-lived duplex call carries many appends, told apart by correlation id; one reply per
 * `is_final` request, echoing the correlation id and stream (the client crashes otherwise).
 */
export function handleBatchAppend(context: WriteContext, call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void {
  const pending = new Map<string, PendingBatch>();
  let failed = false;
  call.on('data', (request: BatchAppendReq) => {
    if (failed) return;
    const correlation = wire.uuidString(request.getCorrelationId());
    const options = request.getOptions();
    if (options) {
      const stream = wire.streamName(options.getStreamIdentifier());
      pending.set(correlation, { stream, expected: wire.expectedOf(options), deadline: options.getDeadline()?.toDate(), events: [] });
    }
    const batch = pending.get(correlation);
    if (!batch) return;
    batch.events.push(...request.getProposedMessagesList().map(proposed));
    if (!request.getIsFinal()) return;
    pending.delete(correlation);
    const failure = context.faults.enter('BatchAppend');
    // An injected failure ends the whole call, as a server going away would.
    if (failure) return void ((failed = true), call.emit('error', failure));
    const reply = (fill: (response: BatchAppendResp) => void): void => {
      const response = new BatchAppendResp().setCorrelationId(request.getCorrelationId()).setStreamIdentifier(wire.streamIdentifier(batch.stream));
      fill(response);
      if (!call.cancelled && !call.writableEnded) call.write(response);
    };
    if (context.faults.hangAppends) return hangUntilDeadline(context, batch, reply);
    if (sizeOf(batch.events) > context.maxAppendSize) {
      const detail = new shared.MaximumAppendSizeExceeded().setMaxappendsize(context.maxAppendSize);
      return reply((r) => r.setError(wire.rpcStatus(status.INVALID_ARGUMENT, 'Maximum append size exceeded', detail, 'MaximumAppendSizeExceeded')));
    }
    const outcome = context.log.append(batch.stream, batch.expected, batch.events);
    reply((response) => fillBatchResponse(response, outcome, batch));
  });
  call.on('end', () => call.end());
}

/** The server gives up on a write at its deadline and answers Timeout: nothing is written. */
function hangUntilDeadline(context: WriteContext, batch: PendingBatch, reply: (fill: (response: BatchAppendResp) => void) => void): void {
  const timer = setTimeout(() => {
    context.timers.delete(timer);
    reply((r) => r.setError(wire.rpcStatus(status.DEADLINE_EXCEEDED, 'Operation timed out', new shared.Timeout(), 'Timeout')));
  }, Math.max(0, (batch.deadline?.getTime() ?? Date.now()) - Date.now()));
  context.timers.add(timer);
}

function fillBatchResponse(response: BatchAppendResp, outcome: WriteOutcome, batch: PendingBatch): void {
  if (outcome.kind === 'stream_deleted') {
    const detail = new shared.StreamDeleted().setStreamIdentifier(wire.streamIdentifier(batch.stream));
    response.setError(wire.rpcStatus(status.FAILED_PRECONDITION, 'Stream deleted', detail, 'StreamDeleted'));
  } else if (outcome.kind === 'wrong_expected_version') {
    response.setError(wire.wrongExpectedVersionStatus(batch.expected, outcome.current));
  } else {
    const position = new shared.AllStreamPosition().setCommitPosition(outcome.position.toString()).setPreparePosition(outcome.position.toString());
    response.setSuccess(new BatchAppendResp.Success().setCurrentRevision(outcome.revision.toString()).setPosition(position));
  }
}

/** Delete (soft) and Tombstone (hard) are unary; their refusals are gRPC errors with trailers. */
function deleteStream(context: WriteContext, kind: 'Delete' | 'Tombstone', options: DeleteReq.Options | TombstoneReq.Options) {
  const failure = context.faults.enter(kind);
  if (failure) return failure;
  const stream = wire.streamName(options.getStreamIdentifier());
  const expected = wire.expectedOf(options);
  const outcome = kind === 'Delete' ? context.log.softDelete(stream, expected) : context.log.tombstone(stream, expected);
  if (outcome.kind === 'stream_deleted') return wire.streamDeletedError(stream);
  if (outcome.kind === 'wrong_expected_version') return wire.wrongExpectedVersionError(stream, expected, outcome.current);
  return outcome.position.toString();
}

export function handleDelete(context: WriteContext, call: ServerUnaryCall<DeleteReq, DeleteResp>, callback: sendUnaryData<DeleteResp>): void {
  const result = deleteStream(context, 'Delete', call.request.getOptions()!);
  if (typeof result !== 'string') return callback(result);
  callback(null, new DeleteResp().setPosition(new DeleteResp.Position().setCommitPosition(result).setPreparePosition(result)));
}

export function handleTombstone(context: WriteContext, call: ServerUnaryCall<TombstoneReq, TombstoneResp>, callback: sendUnaryData<TombstoneResp>): void {
  const result = deleteStream(context, 'Tombstone', call.request.getOptions()!);
  if (typeof result !== 'string') return callback(result);
  callback(null, new TombstoneResp().setPosition(new TombstoneResp.Position().setCommitPosition(result).setPreparePosition(result)));
}
