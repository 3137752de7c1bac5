/**
 * Events of a manager's stream (`manager-<id>`). They are the stored contract: a new shape
 * means a new type or an upcaster, never an edit. Data is plain JSON: absent values are
 * `null`, times are ISO strings, `occurredAt` is business time.
 */

/** The HTTP layer validates roles against this list. */
export const MANAGER_ROLES = [
  'account_manager',
  'key_account_manager',
  'national_account_manager',
  'global_account_manager',
  'sales_manager',
  'account_director',
] as const;

export type ManagerRole = (typeof MANAGER_ROLES)[number];

export const isManagerRole = (value: unknown): value is ManagerRole =>
  (MANAGER_ROLES as readonly unknown[]).includes(value);

export type ManagerOnboarded = {
  type: 'ManagerOnboarded';
  data: {
    managerId: string;
    name: string;
    role: ManagerRole;
    territory: string;
    reportsTo: string | null;
    capacity: number | null;
    email: string | null;
    occurredAt: string;
  };
};

export type ManagerRoleChanged = {
  type: 'ManagerRoleChanged';
  data: { managerId: string; role: ManagerRole; previousRole: ManagerRole; occurredAt: string };
};

export type ManagerReportingLineChanged = {
  type: 'ManagerReportingLineChanged';
  data: { managerId: string; reportsTo: string | null; previousReportsTo: string | null; occurredAt: string };
};

export type ManagerCapacityChanged = {
  type: 'ManagerCapacityChanged';
  data: { managerId: string; capacity: number | null; previousCapacity: number | null; occurredAt: string };
};

export type ManagerOffboarded = {
  type: 'ManagerOffboarded';
  data: { managerId: string; reason: string; successorId: string | null; occurredAt: string };
};

export type ManagerEvent =
  | ManagerOnboarded
  | ManagerRoleChanged
  | ManagerReportingLineChanged
  | ManagerCapacityChanged
  | ManagerOffboarded;

export type ManagerEventType = ManagerEvent['type'];

// A record keyed by every type, so adding an event without listing it fails to compile.
const eventTypes: { readonly [T in ManagerEventType]: true } = {
  ManagerOnboarded: true,
  ManagerRoleChanged: true,
  ManagerReportingLineChanged: true,
  ManagerCapacityChanged: true,
  ManagerOffboarded: true,
};

export const MANAGER_EVENT_TYPES = Object.keys(eventTypes) as readonly ManagerEventType[];

/** Narrows an event read from the store (checks the type tag only, not the data). */
export const isManagerEvent = (event: { type: string }): event is ManagerEvent =>
  Object.hasOwn(eventTypes, event.type);

export const MANAGER_STREAM_PREFIX = 'manager-';

export const managerStream = (managerId: string): string => `${MANAGER_STREAM_PREFIX}${managerId}`;
