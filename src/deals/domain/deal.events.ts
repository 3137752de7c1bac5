/**
 * Events of a deal's stream (`deal-<id>`). They are the stored contract: a new shape means
 * a new type or an upcaster, never an edit. Money is integer minor units with its currency.
 */

export type DealOutcome = 'won' | 'lost';

export const DEAL_OUTCOMES: readonly DealOutcome[] = ['won', 'lost'];

export type DealOpened = {
  type: 'DealOpened';
  data: {
    dealId: string;
    accountId: string;
    /** The credited manager. */
    managerId: string;
    product: string | null;
    expectedAmountMinor: number | null;
    currency: string;
    /** Business date of the opening; `null` for a deal without one (a prospect). */
    openedAt: string | null;
    /** `openedAt`, or when it was recorded when there is none. */
    occurredAt: string;
  };
};

/** `accountId` and `managerId` are copied from the opening so read models need no join. */
export type DealClosed = {
  type: 'DealClosed';
  data: {
    dealId: string;
    accountId: string;
    managerId: string;
    outcome: DealOutcome;
    amountMinor: number;
    currency: string;
    closedAt: string;
    occurredAt: string;
  };
};

export type DealEvent = DealOpened | DealClosed;

export type DealEventType = DealEvent['type'];

// A record keyed by every type, so adding an event without listing it fails to compile.
const eventTypes: { readonly [T in DealEventType]: true } = { DealOpened: true, DealClosed: true };

export const DEAL_EVENT_TYPES = Object.keys(eventTypes) as readonly DealEventType[];

/** Narrows an event read from the store (checks the type tag only, not the data). */
export const isDealEvent = (event: { type: string }): event is DealEvent => Object.hasOwn(eventTypes, event.type);

export const DEAL_STREAM_PREFIX = 'deal-';

export const dealStream = (dealId: string): string => `${DEAL_STREAM_PREFIX}${dealId}`;
