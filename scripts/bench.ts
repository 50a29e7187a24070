// Prints how fast the hover's hot paths are (`npx tsx scripts/bench.ts`, later `npm run bench`).
// Numbers, not a pass/fail test: machines differ, so nothing here asserts a threshold.
//   1. id detection over a generated 10 MB mixed-language file: line by line and as a whole document
//   2. the cached hover path (peek + card Markdown, and the full decision) over 10,000 calls
//   3. loading dist/extension.js in plain Node with 'vscode' stubbed, and the bundle's size
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BrazeClient } from '../src/braze/client';
import { HttpTransport } from '../src/braze/http';
import { hoverCardMarkdown } from '../src/segments/hoverCard';
import { findSegmentIds, isSegmentContext, segmentContextAt, segmentIdAt } from '../src/segments/idDetection';
import { arrangeSegments, groupByTag } from '../src/segments/catalogArrangement';
import { SegmentCatalog } from '../src/segments/segmentCatalog';
import { segmentHover } from '../src/segments/segmentHover';
import { SegmentResolver } from '../src/segments/segmentResolver';
import { Workspace } from '../src/segments/workspace';
import { WorkspaceRegistry } from '../src/segments/workspaceRegistry';
import { BrazeTestServer } from '../test/server/brazeServer';
import { FIXTURE_SEGMENTS, KEYS, KNOWN_SEGMENT_ID, MARKUP_SEGMENT_ID, generateWorkspace } from '../test/server/fixtures';
import { randomUuid, seededRandom } from '../test/server/random';

const ROOT = path.resolve(__dirname, '..');
const TARGET_BYTES = 10 * 1024 * 1024;
const HOVER_CALLS = 10_000;

// ---------------------------------------------------------------------------------------------------
// A generated file: lines in many languages, an id in about one line in eight, UUID look-alikes that
// must not match, and a few minified lines over the length limit.

const TEMPLATES: Array<(id: string) => string> = [
  (id) => `export const LAPSED_SEGMENT = '${id}';`,
  (id) => `    segment_id = "${id}"  # winback`,
  (id) => `  "segment_id": "${id}",`,
  (id) => `BRAZE_SEGMENT_ID=${id}`,
  (id) => `SELECT * FROM audiences WHERE segment_id = '${id}';`,
  (id) => `{% connected_content https://rest.iad-01.braze.com/segments/details?segment_id=${id} :save s %}`,
  (id) => `<div data-segment="${id.toUpperCase()}"></div>`,
  (id) => `| Lapsed buyers | \`${id}\` |`,
  (id) => `private static final String SEGMENT = "${id}";`,
  (id) => `  - ${id}`,
];
const FILLER = [
  'import { describe, it } from "mocha";',
  '  for (let i = 0; i < items.length; i++) total += items[i].price * items[i].quantity;',
  'def handle(event, context):',
  '    return {"statusCode": 200, "body": json.dumps(result)}',
  'func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {',
  '  name: winback-campaign',
  '-- audience for the spring sale',
  '# Segments',
  '',
  '}',
  'The quick brown fox jumps over the lazy dog; - see the notes - 2024-11-02 - v1.2.3-beta',
  '  "integrity": "sha512-Hx3bbc45558fa04c9ba5c04505edf3e0643bbc4555a8fa04c9b==",',
];
const LOOKALIKES: Array<(id: string) => string> = [
  (id) => `  resolved "https://registry.example/pkg/-/pkg-${id}0.tgz"`,
  (id) => `const key = "x${id}";`,
  (id) => `trace: abcd-${id}-ef01`,
];

function generateFile(): { text: string; lines: string[]; ids: number } {
  const random = seededRandom(42);
  const lines: string[] = [];
  let bytes = 0;
  let ids = 0;
  while (bytes < TARGET_BYTES) {
    const roll = random();
    let line: string;
    if (roll < 0.125) {
      line = TEMPLATES[Math.floor(random() * TEMPLATES.length)](randomUuid(random));
      ids++;
    } else if (roll < 0.15) line = LOOKALIKES[Math.floor(random() * LOOKALIKES.length)](randomUuid(random));
    else if (roll < 0.1502) line = `!function(){var a="${randomUuid(random)}";${'a=a+1;'.repeat(2500)}}();`;
    else line = FILLER[Math.floor(random() * FILLER.length)];
    lines.push(line);
    bytes += Buffer.byteLength(line) + 1;
  }
  return { text: lines.join('\n'), lines, ids };
}

// The detector as it was before (one regular expression with lookarounds), for comparison.
const OLD_UUID = '[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}';
const OLD_PATTERN = new RegExp(`(?<![0-9A-Za-z_]|[0-9A-Fa-f]-)${OLD_UUID}(?![0-9A-Za-z_]|-[0-9A-Fa-f])`, 'g');
function oldFindSegmentIds(line: string): number {
  if (line.length > 10_000) return 0;
  let count = 0;
  for (const match of line.matchAll(OLD_PATTERN)) count += match[0].length > 0 ? 1 : 0;
  return count;
}

/** Best of `runs` timings of `body`, in ms: the least disturbed run. */
function best(runs: number, body: () => number): { ms: number; result: number } {
  let ms = Infinity;
  let result = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = body();
    ms = Math.min(ms, performance.now() - started);
  }
  return { ms, result };
}

function benchDetection(): string[][] {
  const { text, lines, ids } = generateFile();
  const mb = Buffer.byteLength(text) / (1024 * 1024);
  const rows: string[][] = [];
  const row = (name: string, ms: number, found: number) => rows.push([name, `${(mb / (ms / 1000)).toFixed(0)} MB/s`, `${ms.toFixed(1)} ms`, `${found} ids`]);

  const perLine = best(5, () => lines.reduce((sum, line) => sum + findSegmentIds(line).length, 0));
  row('findSegmentIds, line by line', perLine.ms, perLine.result);
  const whole = best(5, () => text.split('\n').reduce((sum, line) => sum + findSegmentIds(line).length, 0));
  row('whole document (split + scan)', whole.ms, whole.result);
  const old = best(3, () => lines.reduce((sum, line) => sum + oldFindSegmentIds(line), 0));
  row('previous regex, line by line', old.ms, old.result);
  // The hover asks about one position per line: the mouse is somewhere on it.
  const positions = lines.map((line, i) => (line.length ? (i * 7919) % line.length : 0));
  const at = best(5, () => lines.reduce((sum, line, i) => sum + (segmentIdAt(line, positions[i]) ? 1 : 0), 0));
  rows.push([`segmentIdAt, one position per line`, `${((lines.length / at.ms) * 1000 / 1e6).toFixed(1)} M calls/s`, `${at.ms.toFixed(1)} ms`, `${at.result} hits`]);
  const context = best(5, () => lines.reduce((sum, _line, i) => sum + (isSegmentContext(lines, i) ? 1 : 0), 0));
  rows.push([`isSegmentContext, every line`, `${((lines.length / context.ms) * 1000 / 1e6).toFixed(1)} M calls/s`, `${context.ms.toFixed(1)} ms`, `${context.result} lines`]);
  console.log(`\nDetection: ${mb.toFixed(1)} MB, ${lines.length.toLocaleString('en')} lines, ${ids.toLocaleString('en')} ids planted (best of 5)`);
  return rows;
}

function percentiles(samples: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] };
}

async function benchHover(): Promise<string[][]> {
  const server = await BrazeTestServer.start();
  const transport = new HttpTransport();
  // The one-endpoint setup as the extension wires it: one Workspace (its own client over the shared
  // transport) in a WorkspaceRegistry, and the SegmentResolver the hover asks.
  const registry = new WorkspaceRegistry(
    (config) =>
      new Workspace(config, {
        readKey: async () => KEYS.all,
        createClient: (endpoint, apiKey, hooks) => new BrazeClient({ endpoint, apiKey, timeoutMs: 5000, transport, ...hooks }),
        timeoutMs: () => 5000,
        ttlMs: () => 10 * 60_000,
      }),
  );
  try {
    registry.update([{ name: 'Production', endpoint: server.url, keyId: 'braze.apiKey' }]);
    const resolver = new SegmentResolver(registry);
    const { service } = registry.all[0];
    const ids = FIXTURE_SEGMENTS.map((segment) => segment.id);
    for (const id of ids) await service.getDetails(id);
    const requests = server.requests.length;
    const context = { instance: 'US-03', hasDashboard: true };
    const contextFor = () => context;
    const document = [`// Segments used by the winback flow`, `const WINBACK = '${KNOWN_SEGMENT_ID}';`, `const MARKUP = "${MARKUP_SEGMENT_ID}";`];

    const measure = (body: (i: number) => unknown): { p50: number; p99: number; max: number } => {
      for (let i = 0; i < 1000; i++) body(i); // warm up the JIT
      const samples = new Array<number>(HOVER_CALLS);
      for (let i = 0; i < HOVER_CALLS; i++) {
        const started = performance.now();
        body(i);
        samples[i] = performance.now() - started;
      }
      return percentiles(samples);
    };
    const results: Array<[string, { p50: number; p99: number; max: number }]> = [
      ['service.peek', measure((i) => service.peek(ids[i % ids.length]))],
      [
        'peek + card Markdown',
        measure((i) => {
          const cached = service.peek(ids[i % ids.length]);
          return cached?.kind === 'found' ? hoverCardMarkdown({ kind: 'found', details: cached.details }, context) : undefined;
        }),
      ],
      ['segmentHover (cached)', measure((i) => segmentHover(resolver, { id: ids[i % ids.length], context: 'segment' }, contextFor))],
      [
        'provider path: detect + context + hover',
        measure((i) => {
          const lineIndex = 1 + (i % 2);
          const found = segmentIdAt(document[lineIndex], 24); // inside the id on both lines
          return found && segmentHover(resolver, { id: found.id, context: segmentContextAt(document, lineIndex, found.start, found.end) }, contextFor);
        }),
      ],
    ];
    if (server.requests.length !== requests) throw new Error('the cached path sent a request');
    console.log(`\nCached hover: ${HOVER_CALLS.toLocaleString('en')} calls each over ${ids.length} cached segments (warmed from the test server; 0 requests while measuring)`);
    const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
    return results.map(([name, { p50, p99, max }]) => [name, `p50 ${us(p50)}`, `p99 ${us(p99)}`, `max ${us(max)}`]);
  } finally {
    registry.dispose();
    await transport.close();
    await server.close();
  }
}

// Loaded in a fresh Node process each time, so nothing this script has loaded (tsx, undici) counts.
const REQUIRE_PROBE = `
const Module = require('module');
const stub = require.resolve(process.argv[1]) + '#vscode-stub';
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) { return request === 'vscode' ? stub : resolve.call(this, request, ...rest); };
require.cache[stub] = { id: stub, filename: stub, loaded: true, exports: new Proxy({}, { get: () => new Proxy(function () {}, { get: () => undefined }) }) };
const started = process.hrtime.bigint();
const extension = require(process.argv[1]);
const ms = Number(process.hrtime.bigint() - started) / 1e6;
if (typeof extension.activate !== 'function') throw new Error('no activate()');
process.stdout.write(String(ms));
`;

function benchRequire(): string[][] {
  const bundle = path.join(ROOT, 'dist', 'extension.js');
  if (!fs.existsSync(bundle)) {
    console.log('\n(dist/extension.js is missing: building it with node esbuild.js --production)');
    execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: ROOT, stdio: 'inherit' });
  }
  // Measure a copy: a concurrent `node esbuild.js` empties dist/ while it rebuilds.
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'braze-bench-'));
  for (const file of fs.readdirSync(path.dirname(bundle)).filter((name) => name.endsWith('.js'))) fs.copyFileSync(path.join(path.dirname(bundle), file), path.join(copy, file));
  const times: number[] = [];
  try {
    for (let i = 0; i < 7; i++) times.push(Number(execFileSync(process.execPath, ['-e', REQUIRE_PROBE, path.join(copy, 'extension.js')], { encoding: 'utf8' })));
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  const size = (file: string) => (fs.existsSync(file) ? `${(fs.statSync(file).size / 1024).toFixed(1)} KiB` : 'missing');
  console.log(`\nLoading the bundle: require('dist/extension.js') in a fresh node, 'vscode' stubbed (7 runs)`);
  return [
    ['require dist/extension.js', `median ${times[3].toFixed(1)} ms`, `min ${times[0].toFixed(1)} ms`, `max ${times[6].toFixed(1)} ms`],
    ['dist/extension.js size', size(bundle), `dist/undici.js ${size(path.join(ROOT, 'dist', 'undici.js'))}`, '(undici loads on first request)'],
  ];
}

/**
 * The Segments view's load of a 10,000-segment workspace from the test server on loopback: time to the
 * first rows and to all rows, the memory the loaded catalog holds (heap before and after, with gc
 * when node runs with --expose-gc), and one redraw's filter/sort/group work.
 */
async function benchCatalog(): Promise<string[][]> {
  const server = await BrazeTestServer.start({ segments: generateWorkspace(10_000) });
  const transport = new HttpTransport();
  try {
    const client = new BrazeClient({ endpoint: server.url, apiKey: KEYS.all, timeoutMs: 10_000, transport });
    await client.listSegments(0, 'desc'); // warm the server's sort and the connection
    const gc = (globalThis as { gc?: () => void }).gc;
    const rows: string[][] = [];
    const firsts: number[] = [];
    const alls: number[] = [];
    let heapDelta = 0;
    let catalog: SegmentCatalog | undefined;
    for (let run = 0; run < 3; run++) {
      catalog?.dispose();
      gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      catalog = new SegmentCatalog({ connect: async () => client });
      const started = performance.now();
      let first = 0;
      const subscription = catalog.onDidChange((state) => {
        if (!first && state.segments.length) first = performance.now() - started;
      });
      await catalog.load('desc');
      alls.push(performance.now() - started);
      firsts.push(first);
      subscription.dispose();
      gc?.();
      heapDelta = process.memoryUsage().heapUsed - heapBefore;
    }
    const segments = catalog!.state.segments;
    const redraw = best(5, () => arrangeSegments(segments, { filter: 'eu', sort: 'name' }).length + groupByTag(segments).length);
    const median = (values: number[]) => values.sort((a, b) => a - b)[1];
    console.log(`\nSegments view: ${segments.length.toLocaleString('en')} segments, ${Math.ceil(segments.length / 100) + 1} pages from the test server on loopback (median of 3)`);
    rows.push(['refresh -> first rows', `${median(firsts).toFixed(1)} ms`, '', '']);
    rows.push(['refresh -> all rows', `${median(alls).toFixed(0)} ms`, '', '']);
    rows.push(['catalog heap, loaded', `${(heapDelta / 1024 / 1024).toFixed(1)} MiB`, gc ? 'after gc' : 'no --expose-gc: approximate', '']);
    rows.push(['filter+sort+group (a redraw)', `${redraw.ms.toFixed(1)} ms`, '', '']);
    catalog!.dispose();
    return rows;
  } finally {
    await transport.close();
    await server.close();
  }
}

function printTable(rows: string[][]): void {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  for (const row of rows) console.log(`  ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('   ')}`);
}

async function main(): Promise<void> {
  console.log(`Braze Segments benchmark · node ${process.version} · ${process.platform}/${process.arch}`);
  printTable(benchDetection());
  printTable(await benchHover());
  printTable(await benchCatalog());
  printTable(benchRequire());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
