/**
 * The behaviour every EventStore adapter must show, as one Jest suite. It speaks only through the
 * port, so the SQLite adapter and the EventStoreDB adapter (against its gRPC test double) run the
 * very same facts. Test-only: it uses Jest globals and is not exported from the library's index.
 */
import { describeAppending } from './testing/append.contract';
import { type EventStoreFactory, useFreshStore } from './testing/contract-fixtures';
import { describeExpectedRevisions } from './testing/expected-revision.contract';
import { describeIdempotency } from './testing/idempotency.contract';
import { describeReading } from './testing/read.contract';
import { describeSubscriptions } from './testing/subscription.contract';

export type { EventStoreFactory } from './testing/contract-fixtures';

/**
 * Registers the contract suite for one adapter. `createStore` is called before each test and must
 * answer with an empty store; `dispose` is called after it and must release everything (close()).
 */
export function describeEventStoreContract(name: string, createStore: EventStoreFactory): void {
  describe(`${name} honours the EventStore contract`, () => {
    const context = useFreshStore(createStore);
    describeAppending(context);
    describeExpectedRevisions(context);
    describeIdempotency(context);
    describeReading(context);
    describeSubscriptions(context);
  });
}
