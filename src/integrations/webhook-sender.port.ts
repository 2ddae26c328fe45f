export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export interface WebhookResponse {
  status: number;
}

// How a webhook POST leaves the service. The default uses node's fetch; tests keep it and point
// webhooks at a real local HTTP server.
export interface WebhookSender {
  // Resolves with the HTTP status of any answer; rejects when no answer came (refused, timeout).
  post(request: WebhookRequest): Promise<WebhookResponse>;
}

export const WEBHOOK_SENDER = Symbol('WEBHOOK_SENDER');

export class FetchWebhookSender implements WebhookSender {
  async post(request: WebhookRequest): Promise<WebhookResponse> {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      // A redirect is an answer, not a success: following it could lead anywhere (SSRF).
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    // The body is not needed; release the connection.
    await response.body?.cancel().catch(() => undefined);

    return { status: response.status };
  }
}
