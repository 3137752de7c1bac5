/**
 * Events of an account's stream (`account-<id>`). They are the stored contract: a new shape
 * means a new type or an upcaster, never an edit. Data is plain JSON: absent values are
 * `null`, times are ISO strings, money is integer minor units with its currency.
 */

export type AccountOpened = {
  type: 'AccountOpened';
  data: {
    accountId: string;
    name: string;
    sector: string | null;
    region: string | null;
    country: string | null;
    parentAccountId: string | null;
    annualRevenueMinor: number | null;
    /** Currency of `annualRevenueMinor` (the reporting currency); `null` without revenue. */
    currency: string | null;
    employees: number | null;
    occurredAt: string;
  };
};

/** The first manager of an account. */
export type AccountAssigned = {
  type: 'AccountAssigned';
  data: { accountId: string; managerId: string; occurredAt: string };
};

export type ManagerReassigned = {
  type: 'ManagerReassigned';
  data: { accountId: string; fromManagerId: string; toManagerId: string; reason: string; occurredAt: string };
};

/** `occurredAt` is when the designation takes effect, possibly in the past. */
export type AccountDesignatedKey = {
  type: 'AccountDesignatedKey';
  data: { accountId: string; reason: string | null; occurredAt: string };
};

export type KeyAccountDesignationRevoked = {
  type: 'KeyAccountDesignationRevoked';
  data: { accountId: string; reason: string | null; occurredAt: string };
};

export type AccountClosed = {
  type: 'AccountClosed';
  data: { accountId: string; reason: string; occurredAt: string };
};

export type AccountEvent =
  | AccountOpened
  | AccountAssigned
  | ManagerReassigned
  | AccountDesignatedKey
  | KeyAccountDesignationRevoked
  | AccountClosed;

export type AccountEventType = AccountEvent['type'];

// A record keyed by every type, so adding an event without listing it fails to compile.
const eventTypes: { readonly [T in AccountEventType]: true } = {
  AccountOpened: true,
  AccountAssigned: true,
  ManagerReassigned: true,
  AccountDesignatedKey: true,
  KeyAccountDesignationRevoked: true,
  AccountClosed: true,
};

export const ACCOUNT_EVENT_TYPES = Object.keys(eventTypes) as readonly AccountEventType[];

/** Narrows an event read from the store (checks the type tag only, not the data). */
export const isAccountEvent = (event: { type: string }): event is AccountEvent =>
  Object.hasOwn(eventTypes, event.type);

export const ACCOUNT_STREAM_PREFIX = 'account-';

export const accountStream = (accountId: string): string => `${ACCOUNT_STREAM_PREFIX}${accountId}`;
