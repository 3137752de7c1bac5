/**
 * A decider is an aggregate as three pure parts (after Jérémie Chassaing's "functional event
 * sourcing"): the state before any event, how a command becomes events, and how an event
 * changes the state. No I/O, no clock: time and facts from other streams come in the command.
 */
export interface Decider<Command, State, Event> {
  readonly initialState: State;
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
}

/** Folds events into the state they produce. */
export function replay<State, Event>(
  decider: Pick<Decider<unknown, State, Event>, 'initialState' | 'evolve'>,
  events: readonly Event[],
): State {
  return events.reduce(decider.evolve, decider.initialState);
}

/** Compile-time exhaustiveness check for a `switch` over a union's tag. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
