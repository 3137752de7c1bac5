import { applyDecorators, Injectable, PipeTransform } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Matches, Max, MaxLength, Min, MinLength, ValidationOptions } from 'class-validator';
import { ProblemException } from '../problems/problem';

/**
 * Lone surrogates, C0/C1 control characters (tab and newline aside) and the BOM have no place in
 * names and reasons: they break CSV exports and terminals, and often signal an encoding bug.
 */
// eslint-disable-next-line no-control-regex
const CLEAN_TEXT = /^(?:[^\p{Cs}\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFEFF])*$/u;

/** A trimmed-or-not human text field of bounded length, free of control characters. */
export function IsCleanText(maxLength = 200, options: ValidationOptions = {}) {
  return applyDecorators(
    IsString(options),
    MinLength(1, { ...options, message: '$property must not be empty' }),
    MaxLength(maxLength, options),
    Matches(CLEAN_TEXT, { ...options, message: '$property must not contain control characters or unpaired surrogates' }),
  );
}

/** Ids are caller-chosen strings of 1 to 64 of `A-Za-z0-9._-`, or generated UUIDs (PRODUCT.md). */
export const ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export function IsEntityId(options: ValidationOptions = {}) {
  return applyDecorators(
    IsString(options),
    Matches(ID_PATTERN, { ...options, message: '$property must be 1 to 64 of A-Za-z0-9._-' }),
  );
}

/** Validates an id taken from the path, so `/accounts/<junk>` answers 400 rather than 404. */
@Injectable()
export class EntityIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!ID_PATTERN.test(value)) {
      throw new ProblemException(400, 'invalid-id', 'The id in the path is not valid', 'Ids are 1 to 64 of A-Za-z0-9._-');
    }
    return value;
  }
}

/** Shape of a money amount: digits with an optional fraction. The currency's own minor units are the domain's check. */
const DECIMAL_AMOUNT = /^\d{1,15}(\.\d{1,4})?$/;

/** Money travels as a decimal string (`"1054.00"`), never a JSON number: floats lose cents. */
export function IsDecimalAmount(options: ValidationOptions = {}) {
  return applyDecorators(
    IsString(options),
    Matches(DECIMAL_AMOUNT, { ...options, message: '$property must be a decimal string such as "1054.00"' }),
  );
}

/**
 * A whole number read from a query string (which is text): `?limit=20` becomes 20; `?limit=abc`
 * stays text and is refused as the wrong type.
 */
export function IsQueryInt(min: number, max: number) {
  const toNumber = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value);
  return applyDecorators(Transform(toNumber), IsInt(), Min(min), Max(max));
}
