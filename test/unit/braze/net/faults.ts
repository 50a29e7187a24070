// Loopback servers that fail the way networks do, in front of the Braze test server: one that resets
// the first N connections and relays the rest, and one that accepts connections but never answers
// (a connect that times out: for https, the TLS handshake never completes).
import * as net from 'node:net';

export class FaultyServer {
  /** TCP connections accepted. */
  connections = 0;
  private readonly sockets = new Set<net.Socket>();
  private readonly server: net.Server;

  private constructor(handle: (socket: net.Socket, index: number) => void) {
    this.server = net.createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
      handle(socket, this.connections++);
    });
  }

  /** Resets the first `resets` connections as soon as a request arrives; relays later ones to `port`. */
  static resetting(resets: number, port: number): Promise<FaultyServer> {
    return FaultyServer.listen((socket, index) => {
      if (index < resets) {
        socket.once('data', () => socket.resetAndDestroy());
        return;
      }
      const upstream = net.connect(port, '127.0.0.1');
      upstream.on('error', () => socket.destroy());
      socket.on('close', () => upstream.destroy());
      socket.pipe(upstream).pipe(socket);
    });
  }

  /** Accepts and says nothing, ever. */
  static silent(): Promise<FaultyServer> {
    return FaultyServer.listen(() => undefined);
  }

  private static async listen(handle: (socket: net.Socket, index: number) => void): Promise<FaultyServer> {
    const faulty = new FaultyServer(handle);
    await new Promise<void>((resolve) => faulty.server.listen(0, '127.0.0.1', resolve));
    return faulty;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}
