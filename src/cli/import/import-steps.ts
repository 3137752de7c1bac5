import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { normaliseBusinessTimes } from '@ledger/http-kit';
import { AssignAccountRequest, OpenAccountRequest } from '../../accounts/accounts.requests';
import { CloseDealRequest, OpenDealRequest } from '../../deals/deals.requests';
import { OnboardManagerRequest } from '../../managers/managers.requests';
import type { SourceRef } from './csv-file';
import { InvalidCell } from './normalise';

/** One command of the import, with the request the API would have validated for it. */
export type Step =
  | { readonly kind: 'OnboardManager'; readonly id: string; readonly request: OnboardManagerRequest; readonly idempotencyKey: string }
  | { readonly kind: 'OpenAccount'; readonly id: string; readonly request: OpenAccountRequest; readonly idempotencyKey: string }
  | { readonly kind: 'AssignAccount'; readonly id: string; readonly request: AssignAccountRequest; readonly idempotencyKey: string }
  | { readonly kind: 'OpenDeal'; readonly id: string; readonly request: OpenDealRequest; readonly idempotencyKey: string }
  | { readonly kind: 'CloseDeal'; readonly id: string; readonly request: CloseDealRequest; readonly idempotencyKey: string };

/** Steps on one stream, in order (a deal's opening, then its closing), from one source row. */
export interface Task {
  readonly source: SourceRef;
  readonly steps: readonly Step[];
}

/** Tasks that may run in any order among themselves; phases run one after the other. */
export interface Phase {
  readonly name: string;
  readonly tasks: readonly Task[];
}

/**
 * `maven-crm:<file>:<row key>:<step>`: derived from the export alone, so a re-run sends the same
 * key and finds its own events in the stream instead of writing them again.
 */
export const idempotencyKey = (file: string, rowKey: string, step: string) => `maven-crm:${file}:${rowKey}:${step}`;

/**
 * Builds a request DTO and checks it with the API's own class-validator rules, so the import
 * refuses exactly what the HTTP edge would (a name too long, a control character, a bad id).
 */
export function validRequest<T extends object>(type: new () => T, body: Record<string, unknown>): T {
  const request = plainToInstance(type, body);
  const errors = validateSync(request, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) throw new InvalidCell(describe(errors));
  return normaliseBusinessTimes(request);
}

const describe = (errors: readonly ValidationError[]): string =>
  errors.flatMap((error) => Object.values(error.constraints ?? {})).join('; ');
