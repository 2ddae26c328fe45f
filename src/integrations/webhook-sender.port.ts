export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export interface WebhookResponse {
  status: number;
}

// How a webhook POST leaves the service (HttpWebhookSender); tests keep it and point webhooks at a
// real local HTTP server (with WEBHOOK_ALLOW_PRIVATE_ADDRESSES).
export interface WebhookSender {
  // Resolves with the HTTP status of any answer; rejects when no answer came (refused, timeout).
  post(request: WebhookRequest): Promise<WebhookResponse>;
}

export const WEBHOOK_SENDER = Symbol('WEBHOOK_SENDER');
