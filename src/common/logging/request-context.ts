import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  requestId: string;
}

// Carries the request id into every log line written while a request is handled.
export const requestContextStorage = new AsyncLocalStorage<RequestContext>();

export function currentRequestId(): string | undefined {
  return requestContextStorage.getStore()?.requestId;
}
