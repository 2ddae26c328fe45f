import { contractViolationError, takeContractViolations } from '../utils/api-contract';

// Fails the test whose requests or responses broke the API contract (test/utils/api-contract.ts).
afterEach(() => {
  const violations = takeContractViolations();
  if (violations.length > 0) throw contractViolationError(violations);
});
