import * as http from 'node:http';

// The HTTP client of the benchmarks that drive the service through its API (flow, hostile): a
// bare node:http request on a keep-alive agent of the caller's, so the client's own CPU stays
// small next to the service's.
export interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

export function httpClient(agent: http.Agent) {
  const request = (base: string, method: string, route: string, headers: Record<string, string>, body?: Buffer): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const req = http.request(`${base}${route}`, { method, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });

  return { request };
}

export const json = (answer: Answer) => JSON.parse(answer.body.toString('utf8'));

export function expectStatus(answer: Answer, status: number, what: string): Answer {
  if (answer.status !== status) throw new Error(`${what}: HTTP ${answer.status} ${answer.body.toString('utf8').slice(0, 400)}`);
  return answer;
}
