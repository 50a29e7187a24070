// `npm run demo`: try the extension without a Braze account. Builds and packages the extension,
// starts the project's Braze test server with a realistic workspace (the fixtures plus 400 generated
// segments), installs the .vsix into a local code-server (VS Code in the browser) whose
// braze.restEndpoint points at that server, opens a sample folder that mentions segment ids in several
// languages with one of its files open, and prints the URL to open, the API key to paste and how to
// switch the server's failure modes while it runs. Ctrl-C stops everything it started.
//
//   npm run demo [-- --port 8080]      code-server's port (default 3398); both listen on 127.0.0.1 only
//
// Both servers keep their ports from run to run (3398 and 3399, or the next free one with a warning),
// and the demo keeps what the browser needs to read its stored secrets (the server's key half) and
// the user settings in .vscode-test/demo-state/: an API key set in one run is still set in the next.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { startCodeServer } from '../test/host/codeServer';
import { defaultVsixPath, REPO_ROOT, VSCODE_TEST_DIR } from '../test/host/paths';
import { cleanupAll, onCleanup, runToCompletion, stoppingOnSignal } from '../test/host/processes';
import { BrazeTestServer, controlUsage } from '../test/server/brazeServer';
import { FIXTURE_SEGMENTS, generateWorkspace, KEYS, PERMISSIONS_BY_KEY, UNKNOWN_SEGMENT_ID } from '../test/server/fixtures';

const TEMPLATE = path.join(__dirname, 'demo-workspace');
const WORKSPACE = path.join(VSCODE_TEST_DIR, 'demo-workspace');
/** Opened on start, with the cursor on its first segment id: Look Up Segment is prefilled with it. */
const SAMPLE_FILE = path.join('src', 'campaigns', 'winback.ts');
const STATE_DIR = path.join(VSCODE_TEST_DIR, 'demo-state');
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;
/** test/server/cli.ts's default too: the endpoint setting, and the key stored for it, stay valid. */
const BRAZE_PORT = 3399;
const CODE_SERVER_PORT = 3398;

function parsePort(argv: string[]): number | undefined {
  const index = argv.findIndex((arg) => arg === '--port' || arg.startsWith('--port='));
  if (index < 0) return undefined;
  const value = argv[index].includes('=') ? argv[index].split('=')[1] : argv[index + 1];
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port needs a port number, got "${value}"`);
  return port;
}

/**
 * Runs one build step quietly: its own output (npm notices, vsce's file list, npm warnings) goes to
 * .vscode-test/demo.log and is printed only if the step fails. Lines that start with `show` are
 * passed through, so a first run's "[host setup] installing code-server…" is still seen.
 */
async function step(title: string, command: string, args: string[], show?: RegExp): Promise<void> {
  const started = Date.now();
  console.log(`[demo] ${title}…`);
  let output = '';
  const code = await runToCompletion(command, args, {
    cwd: REPO_ROOT,
    onOutput: (text) => {
      output += text;
      if (show) for (const line of text.split('\n')) if (show.test(line)) console.log(`       ${line.trim()}`);
    },
  });
  fs.appendFileSync(path.join(VSCODE_TEST_DIR, 'demo.log'), `\n$ ${command} ${args.join(' ')}\n${output}`);
  if (code !== 0) {
    console.error(output.split('\n').slice(-40).join('\n'));
    throw new Error(`${title} failed (exit ${code}); the full output is in .vscode-test/demo.log`);
  }
  console.log(`       done in ${seconds(Date.now() - started)}`);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Every segment id the sample files mention should resolve, except the one that is archived on purpose. */
function checkSampleIds(dir: string, known: Set<string>): void {
  const unresolved = new Set<string>();
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else for (const id of fs.readFileSync(full, 'utf8').match(UUID) ?? []) if (!known.has(id) && id !== UNKNOWN_SEGMENT_ID) unresolved.add(id);
    }
  };
  walk(dir);
  if (unresolved.size) console.warn(`[demo] warning: the sample folder mentions ids the test server does not know: ${[...unresolved].join(', ')}`);
}

/** Whether `port` is free on 127.0.0.1 right now. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** The Braze test server on its fixed port, or on a free one (saying what that costs) when it is taken. */
async function startBrazeServer(segments: ReturnType<typeof generateWorkspace>): Promise<BrazeTestServer> {
  try {
    return await BrazeTestServer.start({ segments, port: BRAZE_PORT });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    const server = await BrazeTestServer.start({ segments });
    console.warn(`[demo] port ${BRAZE_PORT} is taken (another demo, or \`npm run server\`?): the Braze test server is on ${server.url} instead.`);
    console.warn(`       An API key stored in an earlier run belongs to port ${BRAZE_PORT}: set it again in this one.`);
    return server;
  }
}

/**
 * code-server seals the browser's stored secrets (the API key) with a key half it keeps in its
 * user-data folder, which is new on every run: the demo keeps one half for good and hands it over.
 */
function serverKeyHalf(): Buffer {
  const file = path.join(STATE_DIR, 'serve-web-key-half');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(STATE_DIR, { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32), { mode: 0o600 });
  }
  return fs.readFileSync(file);
}

/** The user settings the last run ended with (VS Code writes plain JSON there), if any. */
function savedSettings(): Record<string, unknown> {
  const file = path.join(STATE_DIR, 'settings.json');
  if (!fs.existsSync(file)) return {};
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    console.warn(`[demo] ${path.relative(REPO_ROOT, file)} is not plain JSON (comments?): starting from the demo's settings.`);
    return {};
  }
}

/** The file to open and where its first segment id is, as code-server's openFile payload wants it. */
function sampleFileTarget(host: string): string {
  const file = path.join(WORKSPACE, SAMPLE_FILE);
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const one = new RegExp(UUID.source); // UUID is global: its lastIndex would skip matches here
  const line = Math.max(0, lines.findIndex((text) => one.test(text)));
  const column = Math.max(0, lines[line]?.search(one) ?? 0) + 1;
  return `vscode-remote://${host}${file}:${line + 1}:${column}`;
}

async function main(): Promise<void> {
  const started = Date.now();
  const requestedPort = parsePort(process.argv.slice(2));
  fs.mkdirSync(VSCODE_TEST_DIR, { recursive: true });
  fs.writeFileSync(path.join(VSCODE_TEST_DIR, 'demo.log'), `npm run demo, ${new Date().toISOString()}\n`);
  await step('checking the VS Code host (code-server)', 'bash', ['test/host/setup.sh'], /^\[host setup\]/);
  await step('building and packaging the extension', 'npm', ['run', '--silent', 'package']);
  const vsix = defaultVsixPath();

  const segments = [...FIXTURE_SEGMENTS, ...generateWorkspace(400)];
  const server = await startBrazeServer(segments);
  onCleanup(() => server.close());
  const keyNames = new Map<string, string>(Object.entries(KEYS).map(([name, key]) => [key, name]));
  server.onRequest = (r) => console.log(`[braze] ${r.method} ${r.path} → ${r.status || 'dropped'} (${r.key === undefined ? 'no key' : (keyNames.get(r.key) ?? 'unknown key')})`);
  server.onControl = (state) => console.log(`[braze] failure mode now: ${JSON.stringify(state)}`);

  fs.rmSync(WORKSPACE, { recursive: true, force: true });
  fs.cpSync(TEMPLATE, WORKSPACE, { recursive: true });
  checkSampleIds(WORKSPACE, new Set(segments.map((s) => s.id)));

  let port = requestedPort ?? CODE_SERVER_PORT;
  if (requestedPort === undefined && !(await portFree(port))) {
    console.warn(`[demo] port ${port} is taken: code-server uses a free port instead, so this browser tab starts without the key stored in an earlier run.`);
    port = 0;
  }
  console.log('[demo] starting code-server with the extension installed…');
  const keyHalf = serverKeyHalf();
  let userSettingsFile: string | undefined;
  const codeServer = await startCodeServer({
    name: 'demo',
    vsix,
    port,
    settings: (runDir) => {
      fs.writeFileSync(path.join(runDir, 'user-data', 'serve-web-key-half'), keyHalf, { mode: 0o600 });
      userSettingsFile = path.join(runDir, 'user-data', 'User', 'settings.json');
      return { ...savedSettings(), 'braze.restEndpoint': server.url, 'workbench.reduceMotion': 'auto', 'editor.hover.delay': 300 };
    },
  });
  onCleanup(() => codeServer.stop());
  // Registered after code-server's own cleanup, so it runs first: the settings are read before the run folder goes.
  onCleanup(() => {
    if (userSettingsFile && fs.existsSync(userSettingsFile)) fs.copyFileSync(userSettingsFile, path.join(STATE_DIR, 'settings.json'));
  });

  const host = new URL(codeServer.url).host;
  const url = codeServer.workbenchUrl(WORKSPACE, { payload: JSON.stringify([['openFile', sampleFileTarget(host)], ['gotoLineMode', 'true']]) });
  const otherKeys = Object.entries(PERMISSIONS_BY_KEY)
    .filter(([key]) => key !== KEYS.all)
    .map(([key, permissions]) => `      ${key.padEnd(20)} ${permissions.length ? permissions.join(', ') : 'no permission'}`);
  console.log(`
  Braze Segments demo is running (ready in ${seconds(Date.now() - started)}).

    Open        ${url}
    API key     ${KEYS.all}
                Run "Braze: Set API Key" (F1) and paste it (it is remembered for the next run);
                ${SAMPLE_FILE} is open with the cursor on a segment id: hover it, or run
                "Braze: Look Up Segment".

    Braze test server   ${server.url}  (${segments.length} segments; braze.restEndpoint points at it)
    Other keys, to see what a key without a permission does:
${otherKeys.join('\n')}

    Make the server fail while you watch (no key needed; mode=ok ends it):
${controlUsage(server.url).map((line) => `      ${line}`).join('\n')}

  Both servers listen on 127.0.0.1 only. Ctrl-C stops everything.
`);
  const code = await codeServer.exited;
  if (!stoppingOnSignal()) console.log(`[demo] code-server exited on its own (${code})`);
  await cleanupAll();
}

main().catch(async (error: unknown) => {
  console.error('[demo]', error instanceof Error ? error.message : error);
  await cleanupAll();
  process.exit(1);
});
