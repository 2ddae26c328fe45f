import { ParseUUIDPipe, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError } from '../errors/domain.error';
import { ErrorCode } from '../errors/error-catalog';

function collect(errors: ValidationError[], parent = ''): { field: string; problems: string[] }[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...collect(error.children ?? [], field)];
  });
}

// Request DTO validation: unknown fields are rejected, every bad field is listed.
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new DomainError(ErrorCode.ValidationFailed, { fields: collect(errors) }),
  });
}

// A path id that must be a UUID, failing like any other invalid field.
export const UuidParam = new ParseUUIDPipe({
  exceptionFactory: () =>
    new DomainError(ErrorCode.ValidationFailed, { fields: [{ field: 'id', problems: ['id must be a UUID'] }] }),
});
