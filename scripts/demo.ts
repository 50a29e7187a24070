// `npm run demo`: try the extension in two minutes without a Braze account. Builds and packages the
// extension, starts the project's Braze test server with a realistic workspace (the fixtures plus 400
// generated segments), installs the .vsix into a local code-server (VS Code in the browser) whose
// braze.restEndpoint points at that server, opens a sample folder that mentions segment ids in several
// languages, and prints the URL to open and the API key to paste. Ctrl-C stops everything it started.
//
//   npm run demo [-- --port 8080]      code-server's port (default: a free one); both listen on 127.0.0.1 only
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startCodeServer } from '../test/host/codeServer';
import { defaultVsixPath, REPO_ROOT, VSCODE_TEST_DIR } from '../test/host/paths';
import { cleanupAll, onCleanup, runToCompletion, stoppingOnSignal } from '../test/host/processes';
import { BrazeTestServer } from '../test/server/brazeServer';
import { FIXTURE_SEGMENTS, generateWorkspace, KEYS, PERMISSIONS_BY_KEY, UNKNOWN_SEGMENT_ID } from '../test/server/fixtures';

const TEMPLATE = path.join(__dirname, 'demo-workspace');
const WORKSPACE = path.join(VSCODE_TEST_DIR, 'demo-workspace');
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;

function parsePort(argv: string[]): number {
  const index = argv.findIndex((arg) => arg === '--port' || arg.startsWith('--port='));
  if (index < 0) return 0;
  const value = argv[index].includes('=') ? argv[index].split('=')[1] : argv[index + 1];
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port needs a port number, got "${value}"`);
  return port;
}

async function step(title: string, command: string, args: string[]): Promise<void> {
  console.log(`\n[demo] ${title}`);
  const code = await runToCompletion(command, args, { cwd: REPO_ROOT });
  if (code !== 0) throw new Error(`${title} failed (exit ${code})`);
}

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

async function main(): Promise<void> {
  const port = parsePort(process.argv.slice(2));
  await step('checking the VS Code host (code-server)', 'bash', ['test/host/setup.sh']);
  await step('building and packaging the extension', 'npm', ['run', 'package']);
  const vsix = defaultVsixPath();

  const segments = [...FIXTURE_SEGMENTS, ...generateWorkspace(400)];
  const server = await BrazeTestServer.start({ segments });
  onCleanup(() => server.close());
  const keyNames = new Map<string, string>(Object.entries(KEYS).map(([name, key]) => [key, name]));
  server.onRequest = (r) => console.log(`[braze] ${r.method} ${r.path} → ${r.status || 'dropped'} (${r.key === undefined ? 'no key' : (keyNames.get(r.key) ?? 'unknown key')})`);

  fs.rmSync(WORKSPACE, { recursive: true, force: true });
  fs.cpSync(TEMPLATE, WORKSPACE, { recursive: true });
  checkSampleIds(WORKSPACE, new Set(segments.map((s) => s.id)));

  console.log('\n[demo] starting code-server with the extension installed');
  const codeServer = await startCodeServer({
    name: 'demo',
    vsix,
    port,
    settings: { 'braze.restEndpoint': server.url, 'workbench.reduceMotion': 'auto', 'editor.hover.delay': 300 },
  });
  onCleanup(() => codeServer.stop());

  const otherKeys = Object.entries(PERMISSIONS_BY_KEY)
    .filter(([key]) => key !== KEYS.all)
    .map(([key, permissions]) => `      ${key.padEnd(20)} ${permissions.length ? permissions.join(', ') : 'no permission'}`);
  console.log(`
  Braze Segments demo is running.

    Open        ${codeServer.workbenchUrl(WORKSPACE)}
    API key     ${KEYS.all}
                Run "Braze: Set API Key" (F1) and paste it; then put the cursor on a segment id in
                the sample files and run "Braze: Look Up Segment".

    Braze test server   ${server.url}  (${segments.length} segments; braze.restEndpoint points at it)
    Other keys, to see what a key without a permission does:
${otherKeys.join('\n')}

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
