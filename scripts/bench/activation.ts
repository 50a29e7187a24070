// activate() of the built bundle (dist/extension.js), in a fresh Node process per run, with the small
// `vscode` stand-in of vscodeStandIn.cjs and a globalState holding a saved snapshot of 0, 500 or
// 2,000 segments in the real format (persistedCache.ts), under the key and scope the one-endpoint
// workspace reads. The bundle is required before the clock starts (bench.ts's "Loading the bundle"
// measures that); the clock covers activate() alone. After it stops, the probe checks the snapshot was
// the workspace's own (its newest entry is found), so a format or scope mismatch cannot pass as fast.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const SIZES = [0, 500, 2_000];
const RUNS = 7;
const ENDPOINT = 'https://rest.iad-01.braze.com';

// In the child: argv = [bundle, stand-in, package.json, entries, endpoint].
const PROBE = `
const Module = require('module');
const [bundle, standInPath, packagePath, count, endpoint] = process.argv.slice(1);
const { createVscode, memento } = require(standInPath);
const packageJson = require(packagePath);
const { randomUUID } = require('crypto');
const now = Date.now();
const entries = [];
for (let i = 0; i < Number(count); i++) {
  entries.push({ id: randomUUID(), kind: 'found', fetchedAt: now - 60000 + i, details: {
    name: 'Lapsed buyers ' + i + ' (EU, 30 days)',
    description: 'Customers who bought at least twice and have not opened the app in 30 days. Owned by CRM.',
    textDescription: 'Filters: purchased at least 2 times; last used app more than 30 days ago; country is one of DE, FR, ES, IT, NL.',
    tags: ['crm', 'winback'], teams: ['Lifecycle'], createdAt: '2025-03-01T10:00:00.000Z', updatedAt: '2026-11-20T08:30:00.000Z' } });
}
const stand = createVscode({ packageJson, userSettings: { 'braze.restEndpoint': endpoint }, secrets: { ['braze.apiKey:' + endpoint]: 'bench-key-not-sent-anywhere' } });
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) { return request === 'vscode' ? 'vscode-stand-in' : resolve.call(this, request, ...rest); };
require.cache['vscode-stand-in'] = { id: 'vscode-stand-in', filename: 'vscode-stand-in', loaded: true, exports: stand.vscode };
const extension = require(bundle);
const subscriptions = [];
const extensionUri = stand.Uri.file(require('path').dirname(require('path').dirname(bundle)));
const snapshot = { version: 1, scope: endpoint, savedAt: now, entries };
const context = {
  subscriptions, extensionUri, extensionPath: extensionUri.fsPath, extensionMode: 3,
  globalState: memento({ 'braze.segmentCache': snapshot }), workspaceState: memento({}), secrets: stand.secretStorage,
  logUri: stand.Uri.file(require('os').tmpdir()), globalStorageUri: stand.Uri.file(require('os').tmpdir()), storageUri: undefined,
  extension: { id: 'braze.braze-segments', packageJSON: packageJson, extensionUri },
  asAbsolutePath: (p) => require('path').join(extensionUri.fsPath, p),
};
// The extension host has run for a while before it activates an extension: Node's own timers, URL
// parser and regular expressions are warm there, so they are warmed here too. Our code stays cold
// (loaded, never run), as it is in the host.
clearTimeout(setTimeout(() => {}, 1000)); new URL('https://rest.iad-03.braze.com/segments/list?page=0'); /x+y/i.test('xy');
const cpu = process.cpuUsage();
const started = process.hrtime.bigint();
const api = extension.activate(context);
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const used = process.cpuUsage(cpu);
const cpuMs = (used.user + used.system) / 1000;
const workspace = api && api.workspaces.all[0];
const newest = entries[entries.length - 1];
const found = !newest || Boolean(workspace && workspace.service.peek(newest.id));
process.stdout.write(JSON.stringify({ ms, cpuMs, found, workspaces: api ? api.workspaces.all.length : 0, unmodelled: [...stand.unmodelled], registered: stand.registered }));
for (const d of subscriptions) d.dispose();
process.exit(0);
`;

interface ProbeResult {
  ms: number;
  cpuMs: number;
  found: boolean;
  workspaces: number;
  unmodelled: string[];
  registered: { commands: number; providers: number };
}

export async function benchActivation(): Promise<string[][]> {
  const bundle = path.join(ROOT, 'dist', 'extension.js');
  if (!fs.existsSync(bundle)) {
    console.log('\n(dist/extension.js is missing: building it with node esbuild.js --production)');
    execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: ROOT, stdio: 'inherit' });
  }
  // Measure a copy: a concurrent `node esbuild.js` empties dist/ while it rebuilds.
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'braze-activation-'));
  fs.mkdirSync(path.join(copy, 'dist'));
  for (const file of fs.readdirSync(path.dirname(bundle)).filter((name) => name.endsWith('.js'))) fs.copyFileSync(path.join(path.dirname(bundle), file), path.join(copy, 'dist', file));
  const rows: string[][] = [['saved snapshot', 'activate() median', 'min', 'max', 'CPU median', 'snapshot read back']];
  const unmodelled = new Set<string>();
  let registered: ProbeResult['registered'] | undefined;
  try {
    for (const size of SIZES) {
      const results: ProbeResult[] = [];
      for (let run = 0; run < RUNS; run++) {
        const out = execFileSync(process.execPath, ['-e', PROBE, path.join(copy, 'dist', 'extension.js'), path.join(__dirname, 'vscodeStandIn.cjs'), path.join(ROOT, 'package.json'), String(size), ENDPOINT], { encoding: 'utf8' });
        results.push(JSON.parse(out) as ProbeResult);
      }
      for (const result of results) result.unmodelled.forEach((name) => unmodelled.add(name));
      registered = results[0].registered;
      const times = results.map((result) => result.ms).sort((a, b) => a - b);
      const cpu = results.map((result) => result.cpuMs).sort((a, b) => a - b);
      const ok = results.every((result) => result.found && result.workspaces === 1);
      rows.push([`${size.toLocaleString('en')} entries`, ms(times[Math.floor(RUNS / 2)]), ms(times[0]), ms(times[RUNS - 1]), ms(cpu[Math.floor(RUNS / 2)]), ok ? 'yes' : 'NO (stand-in or format wrong)']);
    }
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
  console.log(
    `\nActivation: activate() of dist/extension.js in a fresh node (${RUNS} runs per size, target ≤ 5 ms), 'vscode' a stand-in (scripts/bench/vscodeStandIn.cjs; ` +
      `${registered?.commands ?? 0} commands and ${registered?.providers ?? 0} providers registered; unmodelled members reached: ${unmodelled.size ? [...unmodelled].join(', ') : 'none'})`,
  );
  return rows;
}

function ms(value: number): string {
  return `${value.toFixed(2)} ms`;
}
