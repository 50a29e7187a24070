// Side by side on one request: GET /segments/details of a fixture segment from the project's test
// server, by our BrazeClient, raw `undici.request`, Node's global `fetch` and the community
// `braze-api` package. The server runs in a child process, so this process's `process.cpuUsage()`
// counts the clients alone (their HTTP stack, parsing, validation, timers and GC).
//
// Each client answers the same question: the segment's details as an object. Raw undici and fetch
// read the body as JSON and nothing more; BrazeClient also validates it (zod), scrubs and bounds its
// text, reads the rate-limit headers, arms its timeout and logs the request through a hook, as the
// extension does. "undici.request, pool of 8" uses as many connections as our transport keeps per
// origin, so it is the like-for-like baseline; plain `undici.request` uses undici's global agent.
import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BrazeClient } from '../../src/braze/client';
import { HttpTransport } from '../../src/braze/http';
import { KEYS, KNOWN_SEGMENT_ID } from '../../test/server/fixtures';

const ROOT = path.resolve(__dirname, '..', '..');
const CONCURRENCY = [16, 64];
const REQUESTS = 3000;
const WARM_UP = 300;
const ROUNDS = 3;

// The child: the test server with the fixture workspace, no logging, a rate limit the bench cannot
// reach, and its record of requests emptied now and then so its memory stays flat.
const SERVER_SCRIPT = `
const { BrazeTestServer } = require('./test/server/brazeServer');
BrazeTestServer.start({ rateLimitPerHour: 1e12 }).then((server) => {
  setInterval(() => server.requests.splice(0), 1000).unref();
  process.stdout.write('listening ' + server.url + '\\n');
  process.on('disconnect', () => process.exit(0));
  process.stdin.on('end', () => process.exit(0)).resume();
});
`;

interface Contender {
  name: string;
  /** Makes one request and reads its answer. */
  call: () => Promise<unknown>;
  close: () => Promise<void>;
}

interface Run {
  p50: number;
  p99: number;
  perSecond: number;
  cpuUsPerRequest: number;
}

export async function benchRequests(): Promise<string[][]> {
  const server = await startServer();
  const url = server.url;
  const contenders = await makeContenders(url);
  try {
    const results = new Map<string, Map<number, Run>>();
    for (const concurrency of CONCURRENCY) {
      // Rounds interleave the contenders, so a noisy moment on a shared machine hits each alike; each
      // keeps its round with the least CPU per request (the least disturbed).
      for (let round = 0; round < ROUNDS; round++) {
        for (const contender of contenders) {
          const run = await measure(contender, concurrency);
          const byConcurrency = results.get(contender.name) ?? new Map<number, Run>();
          results.set(contender.name, byConcurrency);
          const best = byConcurrency.get(concurrency);
          if (!best || run.cpuUsPerRequest < best.cpuUsPerRequest) byConcurrency.set(concurrency, run);
        }
      }
    }
    console.log(
      `\nRequests side by side: GET /segments/details (fixture ${KNOWN_SEGMENT_ID.slice(0, 8)}…) from the test server in a child process, ` +
        `${REQUESTS.toLocaleString('en')} requests per run after ${WARM_UP} to warm up, best of ${ROUNDS} rounds; CPU is this process's (the client's) user+system per request`,
    );
    const header = ['client', ...CONCURRENCY.flatMap((c) => [`${c} in flight: p50`, 'p99', 'req/s', 'CPU/req', 'vs undici']), ];
    const baseline = results.get(RAW_POOL)!;
    const rows = [...results].map(([name, byConcurrency]) => [
      name,
      ...CONCURRENCY.flatMap((c) => {
        const run = byConcurrency.get(c)!;
        return [ms(run.p50), ms(run.p99), Math.round(run.perSecond).toLocaleString('en'), `${run.cpuUsPerRequest.toFixed(0)} µs`, `${(run.cpuUsPerRequest / baseline.get(c)!.cpuUsPerRequest).toFixed(2)}×`];
      }),
    ]);
    return [header, ...rows];
  } finally {
    for (const contender of contenders) await contender.close().catch(() => undefined);
    server.stop();
  }
}

const RAW_POOL = 'undici.request, pool of 8';

async function makeContenders(url: string): Promise<Contender[]> {
  // The same undici our transport loads (node_modules), not the copy inside Node that backs fetch.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const undici = require('undici') as typeof import('undici');
  const { Braze } = await import('braze-api');
  const headers = { authorization: `Bearer ${KEYS.all}`, accept: 'application/json' };
  const target = `${url}/segments/details?segment_id=${KNOWN_SEGMENT_ID}`;

  const transport = new HttpTransport();
  let logged = 0;
  const client = new BrazeClient({
    endpoint: url,
    apiKey: KEYS.all,
    timeoutMs: 10_000,
    transport,
    // As the extension wires it: every request is heard of (the log), and every rate limit.
    onRequest: () => void logged++,
    onRateLimit: () => undefined,
  });
  const pool = new undici.Pool(url, { connections: 8 });
  const braze = new Braze(url, KEYS.all);
  const json = async (answer: { statusCode: number; body: { json(): Promise<unknown> } }) => {
    const body = await answer.body.json();
    if (answer.statusCode !== 200) throw new Error(`status ${answer.statusCode}`);
    return body;
  };
  return [
    { name: 'BrazeClient (ours)', call: () => client.getSegmentDetails(KNOWN_SEGMENT_ID), close: () => transport.close() },
    { name: RAW_POOL, call: () => pool.request({ origin: url, method: 'GET', path: target.slice(url.length), headers }).then(json), close: () => pool.close() },
    { name: 'undici.request (global agent)', call: () => undici.request(target, { headers }).then(json), close: async () => undefined },
    {
      name: 'fetch (Node global)',
      call: async () => {
        const response = await fetch(target, { headers });
        const body: unknown = await response.json();
        if (response.status !== 200) throw new Error(`status ${response.status}`);
        return body;
      },
      close: async () => undefined,
    },
    { name: 'braze-api (community)', call: () => braze.segments.details({ segment_id: KNOWN_SEGMENT_ID }), close: async () => undefined },
  ];
}

async function measure(contender: Contender, concurrency: number): Promise<Run> {
  await drive(contender, concurrency, WARM_UP);
  (globalThis as { gc?: () => void }).gc?.();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const latencies = await drive(contender, concurrency, REQUESTS);
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  latencies.sort((a, b) => a - b);
  return {
    p50: latencies[Math.floor(latencies.length * 0.5)],
    p99: latencies[Math.floor(latencies.length * 0.99)],
    perSecond: (REQUESTS / wall) * 1000,
    cpuUsPerRequest: (used.user + used.system) / REQUESTS,
  };
}

/** `count` requests, `concurrency` at a time; each one's latency in ms. */
async function drive(contender: Contender, concurrency: number, count: number): Promise<Float64Array> {
  const latencies = new Float64Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const started = performance.now();
      await contender.call();
      latencies[index] = performance.now() - started;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return latencies;
}

async function startServer(): Promise<{ url: string; stop: () => void }> {
  const child: ChildProcess = spawn(process.execPath, ['-r', 'tsx/cjs', '-e', SERVER_SCRIPT], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /listening (\S+)/.exec(seen);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the test server exited (${code}) before listening`)));
  });
  return { url, stop: () => child.kill() };
}

function ms(value: number): string {
  return `${value.toFixed(2)} ms`;
}
