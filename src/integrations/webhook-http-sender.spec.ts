import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { HttpWebhookSender, ResolvedAddress, WebhookDestinationRefused, WebhookResolver } from './webhook-http-sender';

// A local endpoint standing for whatever sits inside the service's network.
async function startInternalServer(): Promise<{ port: number; received: IncomingHttpHeaders[]; close(): Promise<void> }> {
  const received: IncomingHttpHeaders[] = [];
  const server: Server = createServer((request, response) => {
    received.push(request.headers);
    request.resume();
    request.on('end', () => response.writeHead(204).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const v4 = (address: string): ResolvedAddress => ({ address, family: 4 });

// A resolver answering from a script, one answer per call (the last repeats), counting its calls.
function scriptedResolver(...answers: ResolvedAddress[][]): WebhookResolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (host: string) => {
    calls.push(host);
    return answers[Math.min(calls.length, answers.length) - 1];
  };
  return Object.assign(resolve, { calls });
}

describe('webhook HTTP sender: the destination checked where it is connected to', () => {
  let internal: Awaited<ReturnType<typeof startInternalServer>>;
  beforeAll(async () => (internal = await startInternalServer()));
  afterAll(() => internal.close());
  beforeEach(() => internal.received.splice(0));

  const post = (sender: HttpWebhookSender, url: string, timeoutMs = 2000) =>
    sender.post({ url, headers: { 'Content-Type': 'application/json' }, body: '{"a":1}', timeoutMs });

  it('refuses a name that resolves to a private address, in any mode unless switched on', async () => {
    for (const answer of [[v4('127.0.0.1')], [v4('198.51.100.7'), v4('10.0.0.5')], [{ address: '::1', family: 6 }]]) {
      const resolver = scriptedResolver(answer);
      const sender = new HttpWebhookSender({ allowPrivateAddresses: false, resolve: resolver });
      await expect(post(sender, `http://hooks.example.kz:${internal.port}/h`)).rejects.toBeInstanceOf(WebhookDestinationRefused);
    }
    expect(internal.received).toHaveLength(0);
  });

  it('refuses a private address literal and localhost names without resolving them', async () => {
    const resolver = scriptedResolver([v4('198.51.100.7')]);
    const sender = new HttpWebhookSender({ allowPrivateAddresses: false, resolve: resolver });
    for (const url of [`http://127.0.0.1:${internal.port}/h`, `http://localhost:${internal.port}/h`, 'http://[::1]:9/h']) {
      await expect(post(sender, url)).rejects.toBeInstanceOf(WebhookDestinationRefused);
    }
    expect(resolver.calls).toEqual([]);
    expect(internal.received).toHaveLength(0);
  });

  it('resolves once per delivery: a name that answers public, then 127.0.0.1 (rebinding), never reaches the internal server', async () => {
    // A check with one resolution and a connection with another would be fooled: the second
    // answer points at the internal server.
    const resolver = scriptedResolver([v4('198.51.100.7')], [v4('127.0.0.1')]);
    const sender = new HttpWebhookSender({ allowPrivateAddresses: false, resolve: resolver });
    const outcome = await post(sender, `http://rebind.example.kz:${internal.port}/h`, 300).catch((error: Error) => error);
    // 198.51.100.7 (TEST-NET-2) does not answer: the delivery fails, it is not delivered inside.
    expect(outcome).toMatchObject({ message: expect.any(String) });
    expect(outcome).not.toBeInstanceOf(WebhookDestinationRefused);
    expect(resolver.calls).toEqual(['rebind.example.kz']);
    expect(internal.received).toHaveLength(0);
  });

  it('with private addresses switched on, connects to the address it resolved, keeping the name as the Host', async () => {
    const resolver = scriptedResolver([v4('127.0.0.1')]);
    const sender = new HttpWebhookSender({ allowPrivateAddresses: true, resolve: resolver });
    const response = await post(sender, `http://erp.internal.test:${internal.port}/h`);
    expect(response).toEqual({ status: 204 });
    expect(resolver.calls).toEqual(['erp.internal.test']);
    expect(internal.received).toHaveLength(1);
    expect(internal.received[0].host).toBe(`erp.internal.test:${internal.port}`);
    expect(await post(new HttpWebhookSender({ allowPrivateAddresses: true }), `http://127.0.0.1:${internal.port}/h`)).toEqual({
      status: 204,
    });
  });
});
