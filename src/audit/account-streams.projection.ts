import type { RecordedEvent } from '@ledger/event-store';
import { Projection, WorkingSet } from '@ledger/projections';
import { isAccountEvent } from '../accounts/domain/account.events';
import { isDealEvent } from '../deals/domain/deal.events';

const STREAMS = 'streams';

/**
 * Which streams concern an account: its own and those of its deals. An account's history reads
 * them from the log itself, so the history shows the events as stored, never a copy.
 */
export const accountStreamsProjection: Projection = {
  name: 'account-streams',
  version: 1,
  tables: [
    // The primary key serves the history's `WHERE account_id = ? ORDER BY stream`: no other index.
    { name: STREAMS, columns: { account_id: 'text', stream: 'text' }, primaryKey: ['account_id', 'stream'] },
  ],

  rowsNeeded: () => [],

  apply(rows: WorkingSet, event: RecordedEvent): void {
    if (event.type === 'AccountOpened' && isAccountEvent(event)) {
      rows.put(STREAMS, { account_id: String(event.data.accountId), stream: event.stream });
    } else if (event.type === 'DealOpened' && isDealEvent(event)) {
      rows.put(STREAMS, { account_id: String(event.data.accountId), stream: event.stream });
    }
  },
};
