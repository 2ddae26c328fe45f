// Thrown by a handler (or the payload check) when a retry cannot help: the job fails at once.
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}
