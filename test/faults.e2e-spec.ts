import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '@ledger/event-store';
import { acknowledged, BurstCommand, chain, Outcome, runChains, sendCommand } from './support/command-burst';
import { accountsFromLog, directoryFacts, sortedAccounts } from './support/log-derived';
import { waitForReadModels } from './support/read-model-status';
import { CallResult, ServiceProcess, startService } from './support/service-process';
import { eventsPerIdempotencyKey, integrityProblems, readWholeLog } from './support/whole-log';

/** Chains of 8 dependent commands run side by side: 240 commands. */
const CHAINS = 30;
/**
 * The service answers this many commands; every command after them is written and then frozen
 * before its answer (a process stalled between its commit and its reply).
 */
const ANSWERED_BEFORE_FREEZE = 100;
/**
 * The service is SIGKILLed once this many commands are written and frozen. At least 18 chains
 * still have a command to send after the first 100 (140 left, at most 8 a chain), so it comes.
 */
const FROZEN_AT_KILL = 10;

const keysIn = (events: readonly RecordedEvent[]) => new Set(eventsPerIdempotencyKey(events).keys());
const answer = (result: CallResult) => (typeof result.status === 'number' ? { status: result.status, body: (result as { body: unknown }).body } : result);

describe('SIGKILL during a burst of commands, then a restart on the same file', () => {
  const chains = Array.from({ length: CHAINS }, (_, i) => chain(i));
  let dir: string;
  let restarted: ServiceProcess;
  let beforeKill: Outcome[][];
  let acked: Outcome[];
  let writtenButUnanswered: Outcome[];
  let logAfterCrash: RecordedEvent[];
  let retries: CallResult[];
  let logAfterRetries: RecordedEvent[];
  let resumed: Outcome[][];
  let log: RecordedEvent[];
  let readModelHead: string | null;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-sigkill-'));
    const path = join(dir, 'ledger.db');
    const service = await startService(path, { FREEZE_AFTER_APPENDS: String(ANSWERED_BEFORE_FREEZE) });
    const burst = runChains(service.send, chains);
    await service.waitForLines(/^appended$/, FROZEN_AT_KILL);
    service.child.kill('SIGKILL');
    beforeKill = await burst;
    await service.exited;
    acked = beforeKill.flat().filter((outcome) => acknowledged(outcome.result));

    logAfterCrash = await readWholeLog(path);
    const unanswered = beforeKill.flat().filter((outcome) => !acknowledged(outcome.result));
    writtenButUnanswered = unanswered.filter((outcome) => keysIn(logAfterCrash).has(outcome.command.key));

    restarted = await startService(path);
    retries = await Promise.all(acked.map(({ command }) => sendCommand(restarted.send, command)));
    logAfterRetries = await readWholeLog(path);
    // Each chain goes on from its first command that was not acknowledged, retried with its key.
    resumed = await runChains(restarted.send, chains.map((commands, i) => commands.slice(beforeKill[i].filter((o) => acknowledged(o.result)).length)));
    readModelHead = await waitForReadModels(restarted.send);
    log = await readWholeLog(path);
    console.log(`SIGKILL burst: ${beforeKill.flat().length} commands sent before the kill, ${acked.length} acknowledged, ` +
      `${unanswered.length} unanswered (${writtenButUnanswered.length} of them written), ${retries.length} retried, ` +
      `${resumed.flat().length} resumed; ${log.length} events in the log`);
  }, 60_000);

  afterAll(async () => {
    restarted?.child.kill('SIGTERM');
    await restarted?.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  it('killed the service mid-burst: every answer before the kill was a 2xx, and none came for a frozen command', () => {
    const answered = beforeKill.flat().filter((outcome) => outcome.result.status !== 'no-answer');
    // Not exactly 100: group commit resolves the last of the first 100 with frozen ones, and the
    // kill that follows their lines can beat those replies.
    expect([answered.length > 0, answered.length <= ANSWERED_BEFORE_FREEZE, answered.every((o) => acknowledged(o.result))])
      .toEqual([true, true, true]);
  });

  it('killed at least the frozen commands after they were written and before they were answered', () => {
    expect(writtenButUnanswered.length).toBeGreaterThanOrEqual(FROZEN_AT_KILL);
  });

  it('answers a command written but unanswered before the kill, when retried, with the event it wrote', () => {
    const positionOf = new Map(logAfterCrash.map((event) => [event.metadata.idempotencyKey, String(event.position)]));
    const answers = new Map(resumed.flat().map(({ command, result }) => [command.key, (result as { body?: { position?: string } }).body?.position]));
    const keys = writtenButUnanswered.map(({ command }) => command.key);
    expect(keys.map((key) => answers.get(key))).toEqual(keys.map((key) => positionOf.get(key)));
  });

  it('finds every acknowledged command in the log at the position and revision it answered', () => {
    const byPosition = new Map(logAfterCrash.map((event) => [String(event.position), event]));
    const found = acked.map(({ command, result }) => {
      const body = (result as { body: { revision: number; position: string } }).body;
      const event = byPosition.get(body.position);
      return [event?.stream, event?.revision, event?.metadata.idempotencyKey];
    });
    expect(found).toEqual(acked.map(({ command, result }) => [command.stream, (result as { body: { revision: number } }).body.revision, command.key]));
  });

  it('answers a retried acknowledged command as the first time', () => {
    expect(retries.map(answer)).toEqual(acked.map(({ result }) => answer(result)));
  });

  it('writes nothing for a retried acknowledged command', () => {
    expect(logAfterRetries.length).toBe(logAfterCrash.length);
  });

  it('acknowledges every command of every chain after the restart', () => {
    expect(resumed.flat().filter((outcome) => !acknowledged(outcome.result)).map(({ command }) => command.key)).toEqual([]);
  });

  it('holds each of the 240 commands exactly once', () => {
    const counts = eventsPerIdempotencyKey(log);
    const everyKey = chains.flat().map((command: BurstCommand) => [command.key, counts.get(command.key)]);
    expect([everyKey, log.length]).toEqual([chains.flat().map((command) => [command.key, 1]), CHAINS * 8]);
  });

  it('holds no event id twice, no revision twice and no gap in any stream', () => {
    expect(integrityProblems(log)).toEqual([]);
  });

  it('brings every read model and reactor to the head of the log', () => {
    expect(readModelHead).toBe(String(log.at(-1)!.position));
  });

  it('lists in the directory exactly the accounts of the log, with their manager, tier, status and revision', async () => {
    const directory = await restarted.send('GET', '/accounts?limit=500', { role: 'analyst' });
    expect(directoryFacts((directory as { body: { items: [] } }).body.items)).toEqual(sortedAccounts(accountsFromLog(log)));
  });

  it('counts each won deal once in the key-account share', async () => {
    const share = await restarted.send('GET', '/analytics/key-account-share?groupBy=none', { role: 'analyst' });
    expect((share as { body: { total: unknown } }).body.total).toEqual({ wonValue: `${CHAINS * 100}.00`, keyWonValue: `${CHAINS * 100}.00`, share: 1 });
  });
});

/** Every read model's and reactor's committed checkpoint, straight from the file. */
function storedCheckpoints(path: string): Record<string, string | null> {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.prepare("SELECT projection, checkpoint FROM read_model_generations WHERE state = 'active'").all() as Array<{ projection: string; checkpoint: string | null }>;
    return Object.fromEntries(rows.map((row) => [row.projection, row.checkpoint]));
  } finally {
    db.close();
  }
}

describe('SIGTERM while commands are in flight', () => {
  /** Appends wait this long first: every command is in flight when the signal comes. */
  const SLOW_APPEND_MS = '300';
  const inFlight: BurstCommand[] = Array.from({ length: 10 }, (_, i) => [chain(i)[0], chain(i)[2]]).flat();
  const late: BurstCommand[] = [chain(20)[0], chain(20)[2], chain(21)[2]];
  let dir: string;
  let path: string;
  let service: ServiceProcess;
  let answers: CallResult[];
  let lateAnswers: CallResult[];
  let exit: { code: number | null; signal: NodeJS.Signals | null };
  let log: RecordedEvent[];
  let checkpoints: Record<string, string | null>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-sigterm-'));
    path = join(dir, 'ledger.db');
    service = await startService(path, { SLOW_APPEND_MS });
    const pending = Promise.all(inFlight.map((command) => sendCommand(service.send, command)));
    await service.waitForLines(/^append-waiting$/, inFlight.length);
    service.child.kill('SIGTERM');
    await service.waitForLines(/draining/);
    lateAnswers = await Promise.all(late.map((command) => sendCommand(service.send, command)));
    answers = await pending;
    exit = await service.exited;
    log = await readWholeLog(path);
    checkpoints = storedCheckpoints(path);
    console.log(`SIGTERM: ${inFlight.length} commands in flight at the signal, ${late.length} sent after it; ` +
      `answers ${JSON.stringify(answers.map((a) => a.status))}, late ${JSON.stringify(lateAnswers.map((a) => a.status))}; exit ${JSON.stringify(exit)}`);
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 once drained', () => {
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('answers every command in flight at the signal with a 2xx', () => {
    expect(answers.map((result) => acknowledged(result))).toEqual(inFlight.map(() => true));
  });

  it('holds the event of every command in flight at the signal, once', () => {
    const counts = eventsPerIdempotencyKey(log);
    expect(inFlight.map((command) => counts.get(command.key))).toEqual(inFlight.map(() => 1));
  });

  it('refuses commands sent after the signal (no answer, or 503) and writes none of them', () => {
    const refused = lateAnswers.map((result) => result.status === 'no-answer' || result.status === 503);
    const written = late.filter((command) => keysIn(log).has(command.key));
    expect([refused, written]).toEqual([late.map(() => true), []]);
  });

  it('leaves every read model and reactor checkpointed at the head: the next start replays nothing', () => {
    const head = String(log.at(-1)!.position);
    expect(Object.values(checkpoints)).toEqual(Object.keys(checkpoints).map(() => head));
  });

  it('says in its log that it drained, and logs no error', () => {
    const said = (pattern: RegExp) => service.lines.some((line) => pattern.test(line));
    expect([said(/SIGTERM: draining/), said(/Drained: exiting/), said(/"level":(50|60)/)]).toEqual([true, true, false]);
  });

  it('answers from its read models at once when started again', async () => {
    const again = await startService(path);
    try {
      const directory = await again.send('GET', '/accounts?limit=500', { role: 'analyst' });
      expect(directoryFacts((directory as { body: { items: [] } }).body.items)).toEqual(sortedAccounts(accountsFromLog(log)));
    } finally {
      again.child.kill('SIGTERM');
      await again.exited;
    }
  }, 30_000);
});
