import { ParseUUIDPipe, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError } from '../errors/domain.error';
import { CommonErrorCode } from '../errors/common.errors';

// At most this many problem fields are listed; `details.moreFields` counts the others.
export const MAX_LISTED_FIELDS = 10;

interface FieldProblems {
  field: string;
  problems: string[];
}

// Depth-first over the error tree in document order, in time linear in its size, keeping only the
// first MAX_LISTED_FIELDS fields (a body of unknown keys is one error per key).
export function collectFieldProblems(errors: ValidationError[]): { fields: FieldProblems[]; moreFields?: number } {
  const fields: FieldProblems[] = [];
  let total = 0;
  const stack: { error: ValidationError; parent: string }[] = [];
  for (let i = errors.length - 1; i >= 0; i--) stack.push({ error: errors[i]!, parent: '' });
  while (stack.length > 0) {
    const { error, parent } = stack.pop()!;
    const field = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints) {
      total++;
      if (fields.length < MAX_LISTED_FIELDS) fields.push({ field, problems: Object.values(error.constraints) });
    }
    const children = error.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push({ error: children[i]!, parent: field });
  }
  return total > fields.length ? { fields, moreFields: total - fields.length } : { fields };
}

// Request DTO validation: unknown fields are rejected, the bad fields are listed (the first ten).
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new DomainError(CommonErrorCode.ValidationFailed, { ...collectFieldProblems(errors) }),
  });
}

// A path id that must be a UUID, failing like any other invalid field.
export const UuidParam = new ParseUUIDPipe({
  exceptionFactory: () =>
    new DomainError(CommonErrorCode.ValidationFailed, { fields: [{ field: 'id', problems: ['id must be a UUID'] }] }),
});
