import { conflict, notFound } from '@ledger/decider';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '@ledger/event-store';
import { classify } from './command-metrics';

const command = (expectedRevision?: number) => ({ context: { expectedRevision } });

describe('command outcome', () => {
  it('calls a rule violation refused, with its 409 and code', () => {
    expect(classify(conflict('account-already-assigned', 'x'), command())).toEqual({ outcome: 'refused', status: '409', code: 'account-already-assigned' });
  });

  it('calls an unknown id refused with 404', () => {
    expect(classify(notFound('manager-not-found', 'x'), command()).status).toBe('404');
  });

  it('calls a stale If-Match refused with 412', () => {
    expect(classify(new WrongExpectedRevisionError('account-a', 1, 2), command(1))).toEqual({ outcome: 'refused', status: '412', code: 'revision-mismatch' });
  });

  it('calls a lost race without If-Match refused with 409', () => {
    expect(classify(new WrongExpectedRevisionError('account-a', 1, 2), command()).code).toBe('concurrent-change');
  });

  it('calls an unavailable store an error', () => {
    expect(classify(new EventStoreUnavailableError('down'), command()).outcome).toBe('error');
  });

  it('calls anything unexpected an internal error', () => {
    expect(classify(new TypeError('bug'), command())).toEqual({ outcome: 'error', status: '500', code: 'internal-error' });
  });
});
