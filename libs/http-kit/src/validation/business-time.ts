import { IsISO8601, ValidationOptions } from 'class-validator';

const BUSINESS_TIME_FIELDS = Symbol('ledger:business-time-fields');

/**
 * An ISO 8601 date or timestamp (`2017-03-01`, `2017-03-01T10:00:00+02:00`). After validation the
 * strict pipe rewrites it as a full UTC timestamp, so events hold one comparable form of time.
 */
export function IsBusinessTime(options: ValidationOptions = {}): PropertyDecorator {
  const validate = IsISO8601({ strict: true, strictSeparator: true }, { ...options, message: '$property must be an ISO 8601 date or timestamp' });
  return (target, property) => {
    validate(target, property);
    const fields: string[] = Reflect.getMetadata(BUSINESS_TIME_FIELDS, target) ?? [];
    Reflect.defineMetadata(BUSINESS_TIME_FIELDS, [...fields, String(property)], target);
  };
}

/** Rewrites the DTO's business times as UTC timestamps (`2017-03-01` → `2017-03-01T00:00:00.000Z`). */
export function normaliseBusinessTimes<T extends object>(dto: T): T {
  const fields: string[] = Reflect.getMetadata(BUSINESS_TIME_FIELDS, dto) ?? [];
  for (const field of fields) {
    const value = (dto as Record<string, unknown>)[field];
    if (typeof value === 'string') (dto as Record<string, unknown>)[field] = new Date(value).toISOString();
  }
  return dto;
}
