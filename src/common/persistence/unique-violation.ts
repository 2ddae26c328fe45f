import { QueryFailedError } from 'typeorm';

// PostgreSQL 23505 unique_violation: a concurrent request created the same row first.
// A unique index refused a row: from TypeORM (QueryFailedError) or from pg directly (queryRows).
export function isUniqueViolation(error: unknown): boolean {
  const driverError = error instanceof QueryFailedError ? error.driverError : error;
  return (driverError as { code?: string } | undefined)?.code === '23505';
}
