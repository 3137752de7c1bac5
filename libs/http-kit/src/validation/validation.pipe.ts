import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem, ProblemException } from '../problems/problem';

/**
 * Constraints that mean "this is not even the right JSON type". PRODUCT.md sends wrong types to
 * 400 and every other validation failure (format, range, unknown field) to 422.
 */
const TYPE_CONSTRAINTS = new Set(['isString', 'isInt', 'isNumber', 'isBoolean', 'isObject', 'isArray', 'nestedValidation']);

/** Strict request validation: unknown fields are refused, nothing is coerced behind the caller's back. */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    stopAtFirstError: true,
    exceptionFactory: (errors) => toValidationProblem(errors),
  });
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
    const own = Object.entries(error.constraints ?? {}).map(([constraint, reason]) => ({
      field,
      constraint: constraint === 'whitelistValidation' ? 'unknownField' : constraint,
      reason: constraint === 'whitelistValidation' ? 'is not a known field' : reason,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
