// Prints how fast the extension is (`npm run bench`: node --expose-gc, about 3-4 minutes on 2 cores).
// Numbers, not a pass/fail test: machines differ, so nothing here asserts a threshold; where issue 13
// sets a target the table prints the ratio or the bound beside the measure. One table per section:
//   1. id detection over a generated 10 MB mixed-language file: line by line and as a whole document,
//      beside VS Code's ripgrep over the same file written to disk
//   2. the cached hover path (peek + card Markdown, and the full decision) over 10,000 calls
//   3. loading dist/extension.js in plain Node with 'vscode' stubbed, and the bundle's size
//   4. inline names (the inlay hint provider's pure core) over a 5,000-line file holding 1,000 ids,
//      and completion's candidates over 10,000 listed segments
//   5. the workspace scan of the Segments in Code view over a generated 10,000-file / 100 MB tree:
//      throughput, event-loop delay and files open at once, beside VS Code's ripgrep on the same tree
//   6. the Segments view's first load at 10k / 30k / 100k segments (scripts/bench/catalog.ts)
//   7. requests side by side: our client, raw undici.request, global fetch and braze-api on one test
//      server in its own process: latency, throughput and CPU per request (scripts/bench/requests.ts)
//   8. activate() of the built bundle with 0, 500 and 2,000 saved entries (scripts/bench/activation.ts)
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BrazeClient } from '../src/braze/client';
import { HttpTransport } from '../src/braze/http';
import { scanText } from '../src/segments/code/codeScan';
import { segmentCandidates, type PreparedRow } from '../src/segments/code/completionItems';
import { type InlineLabel, inlineNameHints } from '../src/segments/code/inlineNameHints';
import { hoverCardMarkdown } from '../src/segments/hoverCard';
import { findSegmentIds, isSegmentContext, segmentContextAt, segmentIdAt } from '../src/segments/idDetection';
import { segmentHover } from '../src/segments/segmentHover';
import { SegmentResolver } from '../src/segments/segmentResolver';
import { Workspace } from '../src/segments/workspace';
import { WorkspaceRegistry } from '../src/segments/workspaceRegistry';
import type { SegmentSummary } from '../src/braze/model';
import { BrazeTestServer } from '../test/server/brazeServer';
import { FIXTURE_SEGMENTS, KEYS, KNOWN_SEGMENT_ID, MARKUP_SEGMENT_ID, generateWorkspace } from '../test/server/fixtures';
import { randomUuid, seededRandom } from '../test/server/random';
import { spawnSync } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ReferenceIndex } from '../src/segments/code/referenceIndex';
import { type TreeScanStats, scanTree } from '../src/segments/code/treeScan';
import { listFiles, nodeTreeSource } from '../src/segments/code/treeScanNode';
import { UUID_PATTERN, ripgrepCandidates } from '../src/segments/code/treeScanRipgrep';
import { benchCatalog } from './bench/catalog';
import { machineLoad, printTable, ratio } from './bench/table';
// Written by another helper (issue 13, targets 5-7); enabled at merge:
import { benchRequests } from './bench/requests';
import { benchActivation } from './bench/activation';

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
  const rows: string[][] = [['', 'throughput', 'time', 'found', 'vs ripgrep']];
  // Each timed row, with its time, so it can be set beside ripgrep's below.
  const timed: Array<{ cells: string[]; ms: number }> = [];
  const row = (name: string, ms: number, found: number) => {
    const cells = [name, `${(mb / (ms / 1000)).toFixed(0)} MB/s`, `${ms.toFixed(1)} ms`, `${found} ids`, ''];
    rows.push(cells);
    timed.push({ cells, ms });
  };

  const perLine = best(5, () => lines.reduce((sum, line) => sum + findSegmentIds(line).length, 0));
  row('findSegmentIds, line by line', perLine.ms, perLine.result);
  const whole = best(5, () => text.split('\n').reduce((sum, line) => sum + findSegmentIds(line).length, 0));
  row('whole document (split + scan)', whole.ms, whole.result);
  const old = best(3, () => lines.reduce((sum, line) => sum + oldFindSegmentIds(line), 0));
  row('previous regex, line by line', old.ms, old.result);
  // The hover asks about one position per line: the mouse is somewhere on it.
  const positions = lines.map((line, i) => (line.length ? (i * 7919) % line.length : 0));
  const at = best(5, () => lines.reduce((sum, line, i) => sum + (segmentIdAt(line, positions[i]) ? 1 : 0), 0));
  rows.push([`segmentIdAt, one position per line`, `${((lines.length / at.ms) * 1000 / 1e6).toFixed(1)} M calls/s`, `${at.ms.toFixed(1)} ms`, `${at.result} hits`, '']);
  const context = best(5, () => lines.reduce((sum, _line, i) => sum + (isSegmentContext(lines, i) ? 1 : 0), 0));
  rows.push([`isSegmentContext, every line`, `${((lines.length / context.ms) * 1000 / 1e6).toFixed(1)} M calls/s`, `${context.ms.toFixed(1)} ms`, `${context.result} lines`, '']);

  // VS Code's ripgrep over the same bytes on disk (warm page cache), the pattern the workspace scan
  // gives it; its time includes starting the process. It counts every UUID-shaped match (look-alikes
  // too: it has no boundary rules), so its count is above ours.
  const rg = findVsCodeRipgrep();
  let rgNote = 'no VS Code ripgrep (npm run setup:host, or BRAZE_VSCODE_TEST_DIR)';
  if (rg) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'braze-bench-detect-'));
    try {
      const file = path.join(dir, 'mixed.txt');
      fs.writeFileSync(file, text);
      const args = ['--no-config', '--no-ignore', '--count-matches', '-e', UUID_PATTERN, file];
      timeProcess(rg, args); // page cache, binary mapped
      const runs = [0, 1, 2, 3, 4].map(() => timeProcess(rg, args)).sort((x, y) => x.ms - y.ms);
      const rgMs = runs[0].ms;
      rows.push([`ripgrep --count-matches, the file`, `${(mb / (rgMs / 1000)).toFixed(0)} MB/s`, `${rgMs.toFixed(1)} ms`, `${Number(runs[0].stdout.trim()).toLocaleString('en')} matches`, '1.0×']);
      for (const { cells, ms } of timed) cells[4] = ratio(ms / rgMs, 2);
      rgNote = `ripgrep: ${rg}`;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(`\nDetection: ${mb.toFixed(1)} MB, ${lines.length.toLocaleString('en')} lines, ${ids.toLocaleString('en')} ids planted (best of 5; "vs ripgrep": our time ÷ ripgrep's, under 1× is faster; ${rgNote})`);
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
    return [['', 'p50', 'p99', 'max'], ...results.map(([name, { p50, p99, max }]) => [name, us(p50), us(p99), us(max)])];
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
// Every member is a constructible stand-in (classes of ours extend vscode.InlayHint and
// vscode.CompletionItem at load). esbuild's import wrapper copies own keys and keeps the prototype,
// so the stand-ins are served from the prototype too.
const member = new Proxy(function () {}, { get: (target, key) => (key === 'prototype' ? target.prototype : undefined) });
const anything = new Proxy({}, { get: () => member });
require.cache[stub] = { id: stub, filename: stub, loaded: true, exports: new Proxy({}, { get: () => member, getPrototypeOf: () => anything }) };
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
    ['', 'median / size', 'min / beside', 'max / note'],
    ['require dist/extension.js', `${times[3].toFixed(1)} ms`, `${times[0].toFixed(1)} ms`, `${times[6].toFixed(1)} ms`],
    ['dist/extension.js size', size(bundle), `dist/undici.js ${size(path.join(ROOT, 'dist', 'undici.js'))}`, '(undici loads on first request)'],
  ];
}

/**
 * The inlay hint provider's work per call, without VS Code: the document's occurrences (scanned once
 * per version, as DocumentScans keeps them), each id named from two workspaces' lists through the real
 * SegmentResolver (no request: nothing here has a server), and the hint data. A 5,000-line file with
 * 1,000 ids, asked for whole (the worst case) and for one screen (what the editor asks as it scrolls).
 * Then completion's candidates over 10,000 listed segments (capped at MAX_COMPLETION_ITEMS), first and next keystroke.
 */
function benchInlineNames(): string[][] {
  const random = seededRandom(7);
  const registry = new WorkspaceRegistry(
    (config) =>
      new Workspace(config, {
        readKey: async () => undefined,
        createClient: () => {
          throw new Error('the inline names sent a request');
        },
        timeoutMs: () => 5000,
        ttlMs: () => 10 * 60_000,
      }),
  );
  try {
    registry.update([
      { name: 'Production', endpoint: 'https://rest.iad-03.braze.com', keyId: 'p' },
      { name: 'Staging', endpoint: 'https://rest.iad-03.braze.com', keyId: 's' },
    ]);
    const rows: SegmentSummary[] = generateWorkspace(10_000, 3).map((segment) => ({ id: segment.id, name: segment.name ?? undefined, tags: segment.tags ?? [] }));
    const [production, staging] = registry.all;
    production.service.rememberSummaries(rows.slice(0, 8_000));
    staging.service.rememberSummaries(rows.slice(8_000));
    const resolver = new SegmentResolver(registry);
    // 1,000 ids over 5,000 lines: mostly listed (in either workspace), some unknown, in the usual shapes.
    const lines: string[] = [];
    for (let i = 0; i < 5_000; i++) {
      if (i % 5) {
        lines.push(FILLER[i % FILLER.length]);
        continue;
      }
      const id = random() < 0.9 ? rows[Math.floor(random() * rows.length)].id : randomUuid(random);
      lines.push(TEMPLATES[(i / 5) % TEMPLATES.length](id));
    }
    const text = lines.join('\n');
    const scan = best(5, () => scanText(text).length);
    const occurrences = scanText(text);
    const named = (id: string) => resolver.named(id, undefined);
    const options = { several: true, target: 'Production' };
    const whole = { startLine: 0, startCharacter: 0, endLine: lines.length, endCharacter: 0 };
    const screen = { startLine: 2_500, startCharacter: 0, endLine: 2_560, endCharacter: 0 };
    // `fresh`: every call looks every id up (the first redraw after the workspaces' data changed);
    // otherwise the labels are remembered across calls, as the provider keeps them between changes.
    const measure = (range: typeof whole, calls: number, fresh: boolean) => {
      const memo = new Map<string, InlineLabel>();
      const run = () => inlineNameHints(occurrences, range, named, options, fresh ? new Map() : memo).length;
      for (let i = 0; i < 20; i++) run(); // warm up the JIT
      const samples: number[] = [];
      let hints = 0;
      for (let i = 0; i < calls; i++) {
        const started = performance.now();
        hints = run();
        samples.push(performance.now() - started);
      }
      return { ...percentiles(samples), hints };
    };
    const ms = (value: number) => `${value.toFixed(2)} ms`;
    const out: string[][] = [['', 'time / p50', 'p99 / found', 'max'], ['scanText, once per version', ms(scan.ms), `${scan.result} ids`, '']];
    for (const [name, range, calls, fresh] of [
      ['whole file, after a change', whole, 200, true],
      ['whole file, next redraw', whole, 200, false],
      ['one screen, after a change', screen, 2_000, true],
      ['one screen, next redraw', screen, 2_000, false],
    ] as const) {
      const { p50, p99, max, hints } = measure(range, calls, fresh);
      out.push([`hints, ${name} (${hints})`, ms(p50), ms(p99), ms(max)]);
    }
    console.log(`\nInlay hints: 5,000 lines, 1,000 ids (${occurrences.length} found; named from 2 workspaces' lists of ${rows.length.toLocaleString('en')} in all, no request)`);
    // Completion: every listed row of both workspaces, capped; later calls reuse the flattened rows.
    const sources = [
      { workspace: 'Production', segments: rows.slice(0, 8_000) },
      { workspace: 'Staging', segments: rows.slice(8_000) },
    ];
    const prepared = new WeakMap<SegmentSummary, PreparedRow>();
    const first = best(1, () => segmentCandidates(sources, { several: true, typed: '', prepared }).items.length);
    // The first word typed reads every row once (rows are flattened then kept); later ones reuse them.
    const firstTyped = best(1, () => segmentCandidates(sources, { several: true, typed: 'win', prepared }).items.length);
    const next = best(5, () => segmentCandidates(sources, { several: true, typed: 'winb', prepared }).items.length);
    out.push(['completion over 10,000 listed: first call', ms(first.ms), `${first.result} items (capped)`, '']);
    out.push(['completion, first word typed', ms(firstTyped.ms), `${firstTyped.result} items`, '']);
    out.push(['completion, next keystroke', ms(next.ms), `${next.result} items`, '']);
    return out;
  } finally {
    registry.dispose();
  }
}

// ---------------------------------------------------------------------------------------------------
// The Segments in Code view's workspace scan: a generated tree of 10,000 files / 100 MB (code, config,
// SQL and notes with ids planted where people write them, plus binaries and large files to skip),
// scanned as CodeIndex scans it: the pure core alone (src/segments/code/treeScan.ts: 8 files read at
// once, slices of 15 ms between yields), and with VS Code's ripgrep first saying which files hold a
// UUID (treeScanRipgrep.ts); beside ripgrep's own throughput over the same tree, in one run.

const SCAN_TREE_FILES = 10_000;
const SCAN_TREE_BYTES = 100 * 1024 * 1024;

type LineMaker = (id: () => string, other: () => string) => string[];

/** Per language: lines without ids, and groups of lines that hold them the way code does. */
const SCAN_LANGUAGES: Array<{ ext: string; share: number; filler: string[]; ids: LineMaker[] }> = [
  {
    ext: 'ts',
    share: 0.3,
    filler: ['import { track } from "./analytics";', '  const total = items.reduce((sum, item) => sum + item.price * item.quantity, 0);', 'export function handler(event: Event): Result {', '  if (!user) return { ok: false, reason: "no-user" };', '}', '', '  // retry with back-off - see RFC-12'],
    ids: [(id) => [`export const LAPSED_SEGMENT = '${id()}';`], (id) => [`  await braze.segments.details({ segmentId: "${id()}" });`], (_id, other) => [`const traceId = '${other()}';`], (_id, other) => [`  campaign_id: '${other()}',`]],
  },
  {
    ext: 'py',
    share: 0.2,
    filler: ['def handle(event, context):', '    return {"statusCode": 200, "body": json.dumps(result)}', 'import requests', '    for row in rows:', '        total += row["amount"]', '', '# TODO - tidy up'],
    ids: [(id) => [`SEGMENT_ID = "${id()}"  # winback`], (id) => [`    params = {"segment_id": "${id()}"}`], (_id, other) => [`request_id = "${other()}"`]],
  },
  {
    ext: 'json',
    share: 0.15,
    filler: ['  "name": "spring-sale",', '  "enabled": true,', '  "version": "1.2.3-beta",', '  "retries": 3,', '  "owner": "crm-team",'],
    ids: [(id) => [`  "segment_id": "${id()}",`], (id) => ['  "segments": [', `    "${id()}",`, `    "${id()}"`, '  ],'], (_id, other) => [`  "campaign_id": "${other()}",`]],
  },
  {
    ext: 'yaml',
    share: 0.15,
    filler: ['name: winback-campaign', 'schedule:', '  cron: "0 9 * * 1"', '  timezone: Europe/Berlin', 'owner: crm', ''],
    ids: [(id) => ['segments:', `  - ${id()}`, `  - ${id()}`], (id) => [`segment_id: ${id()}`], (_id, other) => [`canvas_id: ${other()}`]],
  },
  {
    ext: 'sql',
    share: 0.1,
    filler: ['SELECT user_id, COUNT(*) AS purchases', 'FROM events', "WHERE event_date >= DATE '2024-01-01'", 'GROUP BY user_id', '-- audience for the spring sale'],
    ids: [(id) => [`WHERE segment_id = '${id()}'`], (_id, other) => [`  AND campaign_id = '${other()}'`]],
  },
  {
    ext: 'md',
    share: 0.1,
    filler: ['# Runbook', 'The quick brown fox jumps over the lazy dog - twice - on 2024-11-02.', '', '- step one', '- step two', '| Name | Id |', '|---|---|'],
    ids: [(id) => [`| Lapsed buyers | \`${id()}\` |`], (id) => [`See the segment ${id()} in Braze.`]],
  },
];

interface ScanTree {
  root: string;
  files: number;
  bytes: number;
  binaries: number;
  large: number;
  /** UUIDs written into text files (segment ids and other ids), and how many files hold one. */
  planted: number;
  withIds: number;
}

/** Writes the tree under os.tmpdir(): the same bytes on every run (seeded). */
function generateScanTree(): ScanTree {
  const random = seededRandom(1234);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'braze-bench-scan-'));
  const segmentIds = Array.from({ length: 400 }, () => randomUuid(random));
  const tree: ScanTree = { root, files: 0, bytes: 0, binaries: 0, large: 0, planted: 0, withIds: 0 };
  const pickId = () => segmentIds[Math.floor(random() * segmentIds.length)];
  const other = () => randomUuid(random);
  const plantedId = () => {
    tree.planted++;
    return pickId();
  };
  const plantedOther = () => {
    tree.planted++;
    return other();
  };
  const write = (relative: string, content: string | Buffer) => {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    tree.files++;
    tree.bytes += typeof content === 'string' ? Buffer.byteLength(content) : content.length;
  };
  // To skip: images by name, blobs with a NUL by their bytes, dumps over the 1 MiB cap by their size.
  for (let i = 0; i < 30; i++, tree.binaries++) write(`assets/img/pic-${i}.png`, Buffer.from(Array.from({ length: 60_000 }, () => Math.floor(random() * 256))));
  for (let i = 0; i < 20; i++, tree.binaries++) write(`fixtures/blob-${i}.txt`, Buffer.concat([Buffer.from(`segment_id = ${pickId()}\n`), Buffer.alloc(16, 0), Buffer.alloc(40_000, 0x61)]));
  for (let i = 0; i < 10; i++, tree.large++) write(`data/dump-${i}.json`, `[\n${`  {"segment_id": "${pickId()}", "size": 12345},\n`.repeat(32_000)}{}]\n`);
  const textFiles = SCAN_TREE_FILES - tree.files;
  const meanBytes = (SCAN_TREE_BYTES - tree.bytes) / textFiles;
  for (let i = 0; i < textFiles; i++) {
    let roll = random();
    const language = SCAN_LANGUAGES.find((candidate) => (roll -= candidate.share) < 0) ?? SCAN_LANGUAGES[0];
    // Sizes spread from a fifth to twice the mean (the mean is kept): most files small, some larger.
    const target = meanBytes * (0.2 + 1.6 * random() ** 1.5 * 1.25);
    // Most files name no id; some mention one now and then; configs and campaign code hold many.
    const kind = random();
    const idRate = kind < 0.65 ? 0 : kind < 0.93 ? 0.01 : 0.12;
    const lines: string[] = [];
    const plantedBefore = tree.planted;
    let size = 0;
    while (size < target) {
      const group = random() < idRate ? language.ids[Math.floor(random() * language.ids.length)](plantedId, plantedOther) : [language.filler[Math.floor(random() * language.filler.length)]];
      for (const line of group) {
        lines.push(line);
        size += line.length + 1;
      }
    }
    const text = `${lines.join('\n')}\n`;
    if (tree.planted > plantedBefore) tree.withIds++;
    write(`pkg${i % 25}/${['src', 'lib', 'config', 'sql', 'docs'][i % 5]}/m${Math.floor(i / 125)}/file-${i}.${language.ext}`, text);
  }
  return tree;
}

/**
 * VS Code's ripgrep, where `npm run setup:host` put code-server (BRAZE_VSCODE_TEST_DIR, as the host
 * tests use, else .vscode-test here); undefined when it is not there.
 */
function findVsCodeRipgrep(): string | undefined {
  const base = path.join(process.env.BRAZE_VSCODE_TEST_DIR ?? path.join(ROOT, '.vscode-test'), 'code-server');
  const known = path.join(base, 'lib', 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  if (fs.existsSync(known)) return known;
  if (!fs.existsSync(base)) return undefined;
  try {
    const found = execFileSync('find', [base, '-path', '*node_modules/@vscode/ripgrep/bin/rg', '-type', 'f'], { encoding: 'utf8' }).split('\n').filter(Boolean);
    return found[0];
  } catch {
    return undefined;
  }
}

interface ScanRun {
  ms: number;
  bytes: number;
  maxDelayMs: number;
  p99DelayMs: number;
  maxOpen: number;
  references: number;
  stats: TreeScanStats;
  /** With a ripgrep pass: how long it took, and how many files it left to read. */
  ripgrepMs?: number;
  candidates?: number;
}

/**
 * One scan of the tree as CodeIndex runs it, into a ReferenceIndex: every file read (the pure
 * scanner, the fallback), or with `rg`, VS Code's ripgrep first saying which files hold a UUID.
 */
async function scanRun(files: string[], rg?: string): Promise<ScanRun> {
  (globalThis as { gc?: () => void }).gc?.(); // no garbage of the run before is collected in this one
  const index = new ReferenceIndex();
  let open = 0;
  let maxOpen = 0;
  const source = nodeTreeSource({
    opened: () => (maxOpen = Math.max(maxOpen, ++open)),
    closed: () => open--,
  });
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const started = performance.now();
  let toRead = files;
  let ripgrepMs: number | undefined;
  if (rg) {
    const { candidates } = await ripgrepCandidates(rg, files);
    toRead = files.filter((file) => candidates.has(file));
    ripgrepMs = performance.now() - started;
  }
  const stats = await scanTree(toRead, source, (file, scan) => {
    if (scan.kind === 'text') index.set(file, scan.occurrences, scan.lines);
  });
  const ms = performance.now() - started;
  delay.disable();
  const references = index.ids().reduce((sum, { count }) => sum + count, 0);
  index.dispose();
  return { ms, bytes: stats.bytes, maxDelayMs: delay.max / 1e6, p99DelayMs: delay.percentile(99) / 1e6, maxOpen, references, stats, ripgrepMs, candidates: rg ? toRead.length : undefined };
}

function timeProcess(command: string, args: string[]): { ms: number; stdout: string } {
  const started = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (result.status !== 0 && result.status !== 1) throw new Error(`${path.basename(command)} failed (${result.status}): ${result.stderr}`);
  return { ms, stdout: result.stdout };
}

async function benchWorkspaceScan(): Promise<string[][]> {
  const generating = performance.now();
  const tree = generateScanTree();
  const generatedMs = performance.now() - generating;
  const rows: string[][] = [];
  const mbOf = (bytes: number) => bytes / (1024 * 1024);
  const rate = (bytes: number, ms: number) => `${(mbOf(bytes) / (ms / 1000)).toFixed(0)} MB/s`;
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  try {
    // The extension gets its list from findFiles (ripgrep --files in VS Code's search process).
    const listing = performance.now();
    const files = await listFiles(tree.root);
    const listMs = performance.now() - listing;
    const rg = findVsCodeRipgrep();

    // The machine's own noise: the same histogram over an idle second (other processes, the scheduler).
    const idle = monitorEventLoopDelay({ resolution: 1 });
    idle.enable();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    idle.disable();

    // Median of 3 of each, alternating, so that both see the same machine.
    const pure: ScanRun[] = [];
    const withRg: ScanRun[] = [];
    for (let run = 0; run < 3; run++) {
      pure.push(await scanRun(files));
      if (rg) withRg.push(await scanRun(files, rg));
    }
    const median = (runs: ScanRun[]) => [...runs].sort((x, y) => x.ms - y.ms)[1];
    console.log(
      `\nWorkspace scan: ${tree.files.toLocaleString('en')} files / ${mbOf(tree.bytes).toFixed(0)} MB generated in ${(generatedMs / 1000).toFixed(1)} s under ${os.tmpdir()} ` +
        `(${tree.binaries} binaries, ${tree.large} files over 1 MiB, ${tree.planted.toLocaleString('en')} UUIDs planted in ${tree.withIds.toLocaleString('en')} files; ` +
        `warm page cache; ${os.cpus().length} cores, load ${os.loadavg().map((load) => load.toFixed(1)).join(' ')}; median of 3)`,
    );
    rows.push(['', 'throughput', 'time', 'notes']);
    rows.push(['list the tree (node readdir)', `${files.length.toLocaleString('en')} files`, ms(listMs), '']);
    const describe = (name: string, runs: ScanRun[]) => {
      const m = median(runs);
      rows.push([name, rate(tree.bytes, m.ms), ms(m.ms), `${m.references.toLocaleString('en')} refs, ${m.stats.files.toLocaleString('en')} files to the scanner${m.ripgrepMs === undefined ? '' : ` (ripgrep ${ms(m.ripgrepMs)})`}`]);
      rows.push(['  event loop delay', `max ${Math.max(...runs.map((r) => r.maxDelayMs)).toFixed(1)} ms`, `p99 ${m.p99DelayMs.toFixed(1)} ms`, `each run's max ${runs.map((r) => r.maxDelayMs.toFixed(1)).join(' / ')} ms`]);
      rows.push(['  files open at once (host)', `max ${Math.max(...runs.map((r) => r.maxOpen))}`, `skipped ${m.stats.skipped.binary} binary`, `${m.stats.skipped.large} large, ${m.stats.skipped.unreadable} unreadable`]);
    };
    describe('pure scanner, every file (fallback)', pure);
    rows.push(['  event loop delay, idle second', `max ${(idle.max / 1e6).toFixed(1)} ms`, `p99 ${(idle.percentile(99) / 1e6).toFixed(1)} ms`, 'the machine, not the scan']);
    if (!rg) {
      rows.push(['ripgrep', 'skipped', '', 'no VS Code ripgrep under .vscode-test (npm run setup:host)']);
      return rows;
    }
    describe('ripgrep pass + pure scanner (CodeIndex)', withRg);
    // ripgrep alone, best of 3 (the least disturbed run): its throughput over the same tree.
    const bestOf = (args: string[]) => [0, 1, 2].map(() => timeProcess(rg, args)).sort((x, y) => x.ms - y.ms)[0];
    const common = ['--no-config', '--no-ignore', '--hidden', '--no-messages', '--max-filesize', '1M'];
    const counted = bestOf([...common, '--count-matches', '-e', UUID_PATTERN, tree.root]);
    const matches = counted.stdout.split('\n').filter(Boolean).reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(':') + 1)), 0);
    rows.push([`ripgrep --count-matches, ${os.cpus().length} threads`, rate(tree.bytes, counted.ms), ms(counted.ms), `${matches.toLocaleString('en')} matches (no context)`]);
    const listed = bestOf([...common, '--files', tree.root]);
    rows.push(['ripgrep --files (what findFiles runs)', `${listed.stdout.split('\n').filter(Boolean).length.toLocaleString('en')} files`, ms(listed.ms), '']);
    return rows;
  } finally {
    fs.rmSync(tree.root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`Braze Segments benchmark · node ${process.version} · ${process.platform}/${process.arch} · ${machineLoad()} at the start`);
  // BENCH_ONLY=catalog,detection runs only those sections (while working on one).
  const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
  const run = async (name: string, section: () => string[][] | Promise<string[][]>) => {
    if (!only || only.includes(name)) printTable(await section());
  };
  await run('detection', benchDetection);
  await run('hover', benchHover);
  await run('inline', benchInlineNames);
  await run('scan', benchWorkspaceScan);
  await run('require', benchRequire);
  await run('catalog', benchCatalog);
  await run('requests', benchRequests);
  await run('activation', benchActivation);
  console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(0)} s · ${machineLoad()} at the end`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
