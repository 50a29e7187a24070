// One connection opened ahead of the first request. undici has no way to open a pool's connection
// without sending a request, but a pool takes its sockets from a connector we may give it: this one
// can open a socket early (TCP and, for https, the TLS handshake: nothing is written on it) with the
// very connector the pool would use, and hands it to the pool when the pool first asks. A socket left
// unused is closed after `idleMs`, before Braze's load balancer would close it under us.
import type { Socket } from 'node:net';
import type { buildConnector } from 'undici';

export class Preconnector {
  private parked: Socket | undefined;
  private opening: Promise<boolean> | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    private readonly connector: buildConnector.connector,
    private readonly origin: string,
    private readonly idleMs: number,
  ) {}

  /** For the pool's `connect` option: the opened socket first, then new ones from the connector. */
  readonly connect = (options: buildConnector.Options, callback: buildConnector.Callback): void => {
    const socket = this.take();
    if (socket) callback(null, socket);
    else this.connector(options, callback);
  };

  private readonly onParkedClose = (): void => void this.take();

  /** Whether a connection is open and waiting for the first request. */
  get ready(): boolean {
    return this.parked !== undefined && !this.parked.destroyed;
  }

  /** Opens one connection unless one is open or the pool has made its own; true once it is ready. */
  open(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (this.ready) return Promise.resolve(true);
    return (this.opening ??= new Promise<boolean>((resolve) => {
      const url = new URL(this.origin);
      // As undici's Client does: an IPv6 literal without its brackets.
      const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
      const port = url.port || (url.protocol === 'https:' ? '443' : '80');
      this.connector({ host: url.host, hostname, protocol: url.protocol, port, servername: undefined, localAddress: null, httpSocket: undefined }, (error, socket) => {
        this.opening = undefined;
        if (error || !socket) return resolve(false); // the first request connects, and reports, on its own
        if (this.closed || this.parked) {
          socket.destroy();
          return resolve(this.ready);
        }
        this.park(socket);
        resolve(true);
      });
    }));
  }

  close(): void {
    this.closed = true;
    this.take()?.destroy();
  }

  private park(socket: Socket): void {
    this.parked = socket;
    // Until the pool owns it, a reset or an idle close only means the first request connects anew.
    socket.on('error', ignore).once('close', this.onParkedClose);
    this.idleTimer = setTimeout(() => this.take()?.destroy(), this.idleMs);
    this.idleTimer.unref?.();
  }

  private take(): Socket | undefined {
    const socket = this.parked;
    this.parked = undefined;
    clearTimeout(this.idleTimer);
    if (!socket) return undefined;
    socket.off('error', ignore).off('close', this.onParkedClose);
    return socket.destroyed ? undefined : socket;
  }
}

function ignore(): void {}
