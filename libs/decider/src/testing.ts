/**
 * Given/when/then for decider unit tests: given past events, when a command, then the
 * new events or the refusal. Test-only (it uses Jest's `expect`), so it is deliberately
 * not re-exported from `index.ts`: specs import it by relative path.
 */
import { Decider, replay } from './decider';
import { DomainError, DomainErrorKind } from './domain.errors';

export interface ExpectedRefusal {
  readonly kind: DomainErrorKind;
  readonly code: string;
  /** Only for `invalid`; omit it otherwise. */
  readonly field?: string;
}

export interface Then<Event> {
  then(expected: readonly Event[]): void;
  thenRefuses(expected: ExpectedRefusal): void;
}

/** `const given = givenFor(accountDecider); given([opened]).when(assign).then([assigned]);` */
export function givenFor<Command, State, Event>(decider: Decider<Command, State, Event>) {
  return (history: readonly Event[]) => ({
    when: (command: Command): Then<Event> => {
      // Given events go through `evolve`, so each test also exercises the fold.
      const decide = () => decider.decide(command, replay(decider, history));
      return {
        then: (expected) => expect(decide()).toEqual(expected),
        thenRefuses: (expected) => expect(refusalOf(decide)).toEqual(expected),
      };
    },
  });
}

function refusalOf(decide: () => unknown[]): ExpectedRefusal {
  let events: unknown[];
  try {
    events = decide();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const { kind, code, field } = error;
    return field === undefined ? { kind, code } : { kind, code, field };
  }
  throw new Error(`Expected a refusal, got events: ${JSON.stringify(events)}`);
}
