import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem, ProblemException } from '../problems/problem';
import { normaliseBusinessTimes } from './business-time';

/**
 * Constraints that mean "this is not even the right JSON type". PRODUCT.md sends wrong types to
 * 400 and every other validation failure (format, range, unknown field) to 422.
 */
const TYPE_CONSTRAINTS = new Set(['isString', 'isInt', 'isNumber', 'isBoolean', 'isObject', 'isArray', 'nestedValidation']);

/** Strict request validation: unknown fields are refused, nothing is coerced behind the caller's back. */
export function strictValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    // The value is needed to tell a missing field from a wrong one; it is never echoed back.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => toValidationProblem(errors),
  });
}

/** Request bodies are JSON objects; an array or a scalar is the wrong type, not a set of bad fields. */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw new ProblemException(400, 'invalid-type', 'The request body must be a JSON object');
    }
    const dto = await super.transform(value, metadata);
    return dto !== null && typeof dto === 'object' ? normaliseBusinessTimes(dto) : dto;
  }
}

export function toValidationProblem(errors: ValidationError[]): ProblemException {
  const problems = flatten(errors);
  const wrongType = problems.some((problem) => TYPE_CONSTRAINTS.has(problem.constraint));
  const fields: FieldProblem[] = problems.map(({ field, reason }) => ({ field, reason }));
  const summary = fields.map((problem) => `${problem.field}: ${problem.reason}`).join('; ');
  return wrongType
    ? new ProblemException(400, 'invalid-type', 'A field has the wrong type', summary, fields)
    : new ProblemException(422, 'validation-failed', 'The request is not valid', summary, fields);
}

function flatten(errors: ValidationError[], prefix = ''): Array<FieldProblem & { constraint: string }> {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    return [...fieldProblems(error, field), ...flatten(error.children ?? [], field)];
  });
}

/** One problem per field: missing, else the wrong type, else every failed rule. */
function fieldProblems(error: ValidationError, field: string): Array<FieldProblem & { constraint: string }> {
  const constraints = Object.entries(error.constraints ?? {});
  if (constraints.length === 0) return [];
  if (constraints.some(([name]) => name === 'whitelistValidation')) {
    return [{ field, constraint: 'unknownField', reason: 'is not a known field' }];
  }
  if (error.value === undefined) return [{ field, constraint: 'required', reason: `${field} is required` }];
  const typeError = constraints.find(([name]) => TYPE_CONSTRAINTS.has(name));
  const reported = typeError ? [typeError] : constraints;
  return reported.map(([constraint, reason]) => ({ field, constraint, reason }));
}
