import type { EventRow } from './sqlite-statements';
import { StreamTails } from './stream-tails';

const row = (revision: number): EventRow => [BigInt(100 + revision), 's', BigInt(revision), `e${revision}`, 'T', '{}', '{}', '2030-01-01T00:00:00.000Z'];
const revisions = (rows: readonly EventRow[] | undefined) => rows?.map((candidate) => Number(candidate[2]));

describe('StreamTails', () => {
  let version: number;
  let tails: StreamTails;
  beforeEach(() => {
    version = 7;
    tails = new StreamTails(() => version);
  });

  it('knows nothing of a stream it has not seen', () => {
    expect(tails.rowsFrom('s', 0)).toBeUndefined();
  });

  it('answers past the end of a stream read to its end, and sends reads from before it to the file', () => {
    tails.read('s', 4);
    expect([tails.rowsFrom('s', 5), tails.rowsFrom('s', 9), tails.rowsFrom('s', 4)]).toEqual([[], [], undefined]);
  });

  it('knows a stream read from its start and found empty', () => {
    tails.read('s', -1);
    expect(tails.rowsFrom('s', 0)).toEqual([]);
  });

  it('answers with the rows of the last append, from any revision among them', () => {
    const answers = [5, 6, 7, 4].map((from) => {
      const fresh = new StreamTails(() => version);
      fresh.appendStarted('s');
      fresh.appendSettled('s', [row(5), row(6)]);
      return revisions(fresh.rowsFrom('s', from));
    });
    expect(answers).toEqual([[5, 6], [6], [], undefined]);
  });

  it('serves the appended rows once, then sends reads of them to the file', () => {
    tails.appendStarted('s');
    tails.appendSettled('s', [row(5), row(6)]);
    expect([5, 5, 7].map((from) => revisions(tails.rowsFrom('s', from)))).toEqual([[5, 6], undefined, []]);
  });

  it('sends reads to the file while an append to the stream is in flight', () => {
    tails.read('s', 4);
    tails.appendStarted('s');
    tails.appendStarted('s');
    tails.appendSettled('s', [row(5)]);
    expect(tails.rowsFrom('s', 6)).toBeUndefined();
    tails.appendSettled('s', [row(6)]);
    expect(revisions(tails.rowsFrom('s', 6))).toEqual([6]);
  });

  it('keeps what it knew after an append that failed or wrote nothing new', () => {
    tails.read('s', 4);
    tails.appendStarted('s');
    tails.appendSettled('s', undefined);
    expect(tails.rowsFrom('s', 5)).toEqual([]);
  });

  it('keeps the later tail when two appends settle out of order', () => {
    tails.appendStarted('s');
    tails.appendStarted('s');
    tails.appendSettled('s', [row(6)]);
    tails.appendSettled('s', [row(5)]);
    expect(revisions(tails.rowsFrom('s', 6))).toEqual([6]);
  });

  it('forgets every stream once another connection has committed', () => {
    tails.read('s', 4);
    tails.read('t', 2);
    version = 8;
    expect([tails.rowsFrom('s', 5), tails.size]).toEqual([undefined, 0]);
    tails.read('s', 6);
    expect(tails.rowsFrom('s', 7)).toEqual([]);
  });

  it('drops the least recently recorded stream past its capacity', () => {
    const small = new StreamTails(() => version, 2);
    small.read('a', 1);
    small.read('b', 1);
    small.read('a', 2);
    small.read('c', 1);
    expect([small.rowsFrom('a', 3), small.rowsFrom('b', 2), small.rowsFrom('c', 2)]).toEqual([[], undefined, []]);
  });
});
