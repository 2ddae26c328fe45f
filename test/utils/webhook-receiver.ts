import { createServer, IncomingHttpHeaders, Server } from 'node:http';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  answeredWith: number;
}

// A real HTTP server on a free loopback port that plays an integrator's webhook endpoint: it
// keeps every request and answers with the next status of `script` (the last one repeats).
export async function startWebhookReceiver(script: number[] = [200]): Promise<{
  url: string;
  received: ReceivedWebhook[];
  setScript(next: number[]): void;
  close(): Promise<void>;
}> {
  let statuses = [...script];
  const received: ReceivedWebhook[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const status = statuses.length > 1 ? statuses.shift()! : statuses[0];
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), answeredWith: status });
      response.writeHead(status, { 'Content-Type': 'text/plain' }).end(status < 300 ? 'ok' : 'try later');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;

  return {
    url: `http://127.0.0.1:${port}/hooks/edo`,
    received,
    setScript(next) {
      statuses = [...next];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
