// A real forward proxy on loopback: the `proxy` package (the one undici's own tests use), with an
// optional Basic credential. It records what it was asked (CONNECT tunnels and absolute-form
// requests) and the Proxy-Authorization each request carried, so tests can prove the traffic and
// the credentials went through it.
import * as http from 'node:http';
import * as https from 'node:https';
import { createRequire } from 'node:module';
import type { AddressInfo, Socket } from 'node:net';
import type { ProxyServer } from 'proxy';

// Loaded from node_modules at run time rather than bundled into the integration suite: the package
// reads its own package.json beside its code.
const { createProxy } = createRequire(__filename)('proxy') as typeof import('proxy');

export interface ProxiedRequest {
  method: string;
  /** `host:port` for CONNECT, the absolute URL otherwise. */
  target: string;
  /** The Proxy-Authorization header as received, if any. */
  authorization: string | undefined;
}

export interface ForwardProxyOptions {
  /** `user:password` the proxy demands (407 otherwise); none: it lets everything through. */
  credentials?: string;
  /** Serve the proxy itself over TLS with this key and certificate (an https:// proxy). */
  tls?: { keyPem: string; certPem: string };
}

export class ForwardProxy {
  readonly requests: ProxiedRequest[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: ProxyServer,
    readonly port: number,
    private readonly scheme: 'http' | 'https',
  ) {}

  static async start(options: ForwardProxyOptions = {}): Promise<ForwardProxy> {
    const server = createProxy(options.tls ? https.createServer({ key: options.tls.keyPem, cert: options.tls.certPem }) : http.createServer());
    const expected = options.credentials === undefined ? undefined : `Basic ${Buffer.from(options.credentials).toString('base64')}`;
    if (expected) server.authenticate = (req) => req.headers['proxy-authorization'] === expected;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new ForwardProxy(server, (server.address() as AddressInfo).port, options.tls ? 'https' : 'http');
    const record = (req: http.IncomingMessage) =>
      proxy.requests.push({ method: req.method ?? '', target: req.url ?? '', authorization: req.headers['proxy-authorization'] });
    // Listeners added after createProxy's own run after them; both see every request.
    server.prependListener('request', record);
    server.prependListener('connect', record);
    server.on('connection', (socket: Socket) => {
      proxy.sockets.add(socket);
      socket.on('close', () => proxy.sockets.delete(socket));
    });
    return proxy;
  }

  /** `http://127.0.0.1:PORT` (https:// when served over TLS), with `user:password@` when `credentials` is given. */
  url(credentials?: string): string {
    return `${this.scheme}://${credentials ? `${credentials}@` : ''}127.0.0.1:${this.port}`;
  }

  /** Requests whose target contains `text` (a port, a path). */
  count(text: string): number {
    return this.requests.filter((r) => r.target.includes(text)).length;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

/** A loopback port nothing listens on: a proxy that cannot be reached. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
