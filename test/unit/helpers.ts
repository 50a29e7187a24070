// Shared set-up for the unit tests: a real Braze test server on a random port and a real client.
import { BrazeClient, type BrazeClientOptions, type RequestLogEntry } from '../../src/braze/client';
import { BrazeError } from '../../src/braze/errors';
import { HttpTransport } from '../../src/braze/http';
import { BrazeTestServer, type BrazeTestServerOptions } from '../server/brazeServer';
import { KEYS } from '../server/fixtures';

export interface Harness {
  server: BrazeTestServer;
  /** The connections every client of the harness shares; replaced by `freshTransport()`. */
  transport: HttpTransport;
  log: RequestLogEntry[];
  /** Closes the shared connections and starts new ones. */
  freshTransport(): Promise<void>;
  client(options?: Partial<BrazeClientOptions>): BrazeClient;
}

/** Starts a server before the suite and stops it (and the HTTP pools) after. */
export function useBrazeServer(options: BrazeTestServerOptions = {}): Harness {
  const harness = { log: [] as RequestLogEntry[] } as Harness;
  before(async () => {
    harness.server = await BrazeTestServer.start(options);
    harness.transport = new HttpTransport();
  });
  beforeEach(() => {
    const server = harness.server;
    server.resetRecords();
    server.rateLimitedUntil = undefined;
    server.serverErrors = 0;
    server.delayMs = 0;
    server.malformed = undefined;
    server.notFoundStyle = '404';
    server.hostile = undefined;
    server.rateLimitResetStyle = 'seconds';
    server.retryAfterSeconds = undefined;
    server.extraHeaders = {};
    harness.log.length = 0;
  });
  after(async () => {
    await harness.transport.close();
    await harness.server.close();
  });
  harness.freshTransport = async () => {
    await harness.transport.close();
    harness.transport = new HttpTransport();
  };
  harness.client = (overrides = {}) =>
    new BrazeClient({
      endpoint: harness.server.url,
      apiKey: KEYS.all,
      timeoutMs: 5000,
      transport: harness.transport,
      onRequest: (entry) => harness.log.push(entry),
      // One attempt per call unless a test asks for retries (test/unit/braze/retry.test.ts does).
      retry: { retries: 0 },
      ...overrides,
    });
  return harness;
}

/** The BrazeError a promise rejects with; fails the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<BrazeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BrazeError) return error;
    throw new Error(`expected a BrazeError, got ${String(error)}`);
  }
  throw new Error('expected a rejection, but the promise resolved');
}
