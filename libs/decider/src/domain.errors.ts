/**
 * Why a decision refused a command. The HTTP layer maps each kind to a status
 * (not-found 404, conflict 409, invalid 422); the domain only names the reason.
 */
export type DomainErrorKind = 'not-found' | 'conflict' | 'invalid';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    /** Stable, kebab-case reason, e.g. `account-already-assigned`. Part of the API contract. */
    readonly code: string,
    message: string,
    /** For `invalid`: the request field at fault. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (code: string, message: string) => new DomainError('not-found', code, message);
export const conflict = (code: string, message: string) => new DomainError('conflict', code, message);
export const invalid = (code: string, message: string, field: string) => new DomainError('invalid', code, message, field);
