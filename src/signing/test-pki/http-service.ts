// Minimal node:http plumbing for the in-process test OCSP responder and TSA.

import { IncomingMessage, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

export interface TestHttpRequest {
  readonly method: string;
  // Path without the query string.
  readonly path: string;
  readonly contentType?: string;
  readonly body: Uint8Array;
}

export interface TestHttpResponse {
  readonly status: number;
  readonly contentType?: string;
  readonly body: Uint8Array | string;
}

// undefined: not mine (404).
export type TestHttpHandler = (request: TestHttpRequest) => TestHttpResponse | undefined | Promise<TestHttpResponse | undefined>;

export interface TestHttpService {
  // http://127.0.0.1:<port>
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface ListenOptions {
  readonly port?: number;
  readonly host?: string;
}

// OCSP and TSP bodies are a few KB; anything far larger is a client bug.
const MAX_BODY = 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

export async function startTestHttpServer(handler: TestHttpHandler, options: ListenOptions = {}): Promise<TestHttpService> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      try {
        const body = await readBody(req);
        const url = new URL(req.url ?? '/', 'http://localhost');
        const answer = await handler({
          method: req.method ?? 'GET',
          path: url.pathname,
          contentType: req.headers['content-type'],
          body,
        });
        const reply = answer ?? { status: 404, contentType: 'text/plain', body: 'not found' };
        res.writeHead(reply.status, reply.contentType ? { 'content-type': reply.contentType } : {});
        res.end(typeof reply.body === 'string' ? reply.body : Buffer.from(reply.body));
      } catch (error) {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(error instanceof Error ? error.message : 'internal error');
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Keep-alive sockets of the client would otherwise hold close() open.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export async function postDer(
  url: string,
  contentType: string,
  body: Uint8Array,
): Promise<{ status: number; contentType: string | null; body: Uint8Array }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: new Uint8Array(await response.arrayBuffer()),
  };
}
