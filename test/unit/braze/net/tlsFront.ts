// A real HTTPS endpoint on loopback in front of the project's Braze test server: TLS is terminated
// here with a certificate from a CA made at test time, and the plain bytes are relayed to the test
// server, so every switch and record of BrazeTestServer works over HTTPS unchanged.
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { BrazeTestServer } from '../../../server/brazeServer';
import type { Leaf } from './certificates';

export class TlsFront {
  /** TLS handshakes the client completed (a client refusing the certificate never gets here). */
  handshakes = 0;
  private readonly sockets = new Set<net.Socket>();
  private readonly server: tls.Server;

  private constructor(backend: BrazeTestServer, certificates: Leaf) {
    this.server = tls.createServer({ key: certificates.keyPem, cert: certificates.certPem }, (clear) => {
      this.handshakes++;
      const upstream = net.connect(backend.port, '127.0.0.1');
      this.track(upstream);
      // A client refusing our certificate, or the backend closing, ends both halves quietly.
      clear.on('error', () => undefined);
      upstream.on('error', () => undefined);
      clear.on('close', () => upstream.destroy());
      upstream.on('close', () => clear.destroy());
      clear.pipe(upstream).pipe(clear);
    });
    // A handshake the client aborts (untrusted certificate) is a normal event here, not a failure.
    this.server.on('tlsClientError', () => undefined);
    this.server.on('connection', (socket: net.Socket) => this.track(socket));
  }

  static async start(backend: BrazeTestServer, certificates: Leaf): Promise<TlsFront> {
    const front = new TlsFront(backend, certificates);
    await new Promise<void>((resolve) => front.server.listen(0, '127.0.0.1', resolve));
    return front;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** `https://localhost:PORT`: a name the certificate was made for. */
  get url(): string {
    return `https://localhost:${this.port}`;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }
}
