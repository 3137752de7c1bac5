import { IsISO8601, ValidateBy, ValidationOptions } from 'class-validator';

const BUSINESS_TIME_FIELDS = Symbol('ledger:business-time-fields');

/**
 * An ISO 8601 date or timestamp (`2017-03-01`, `2017-03-01T10:00:00+02:00`). After validation the
 * strict pipe rewrites it as a full UTC timestamp, so events hold one comparable form of time.
 */
export function IsBusinessTime(options: ValidationOptions = {}): PropertyDecorator {
  const message = '$property must be an ISO 8601 date or timestamp';
  const validate = IsISO8601({ strict: true, strictSeparator: true }, { ...options, message });
  // ISO 8601 forms the rule above accepts but Date cannot read (`2017-W01-1`, `20170301`,
  // `2017-03-01T10`, `10:00,5`) made the normalisation below throw: a 500. A signed four-digit
  // year (`-2017-01-01`) Date reads as another year: refused too.
  const readable = ValidateBy({
    name: 'isReadableTime',
    validator: { validate: (value) => typeof value !== 'string' || (!/^[+-]/.test(value) && !Number.isNaN(Date.parse(value))) },
  }, { ...options, message });
  return (target, property) => {
    validate(target, property);
    readable(target, property);
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
