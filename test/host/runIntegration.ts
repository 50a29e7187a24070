// Runs the integration suite (out/integration/index.js, built by `node esbuild.js --tests`) inside the
// extension host of a real VS Code: code-server 1.100.3 with an empty extensions dir, the extension
// loaded from the repository in development mode. code-server has no --extensionTestsPath flag; the
// web workbench takes extensionDevelopmentPath / extensionTestsPath in its `payload` URL parameter
// (as @vscode/test-web does) and hands them to the server-side extension host. The headless browser
// is only the client: the tests run in Node, in the extension host, against the real `vscode` API.
//
// Two passes, each its own code-server: `normal` (workspace trust off, every test file but
// restricted.test.ts) and `restricted` (trust on, the folder left untrusted: Restricted Mode, only
// restricted.test.ts). test/integration/index.ts picks the files by BRAZE_INTEGRATION_PASS.
//
//   npx tsx test/host/runIntegration.ts     exit code = number of failed tests (1 if a pass broke)
//   BRAZE_INTEGRATION_PASSES=restricted     only the named passes (comma-separated; default both)
//   BRAZE_INTEGRATION_TIMEOUT_MS=...        time limit of each pass (default 5 minutes)
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import { launchBrowser } from './browser';
import { startCodeServer, writeWorkspace } from './codeServer';
import { INTEGRATION_ENTRY, REPO_ROOT } from './paths';
import { cleanupAll } from './processes';

const TIMEOUT_MS = Number(process.env.BRAZE_INTEGRATION_TIMEOUT_MS) || 5 * 60_000;
/** index.ts prints this line with the totals when mocha ends. */
const RESULT_LINE = /\[braze-integration\] result (\{.*\})/;

interface Result {
  passes: number;
  failures: number;
  pending: number;
}

interface Pass {
  name: 'normal' | 'restricted';
  /** Workspace trust on, the folder untrusted (Restricted Mode). */
  workspaceTrust: boolean;
  /** The test folder's files. */
  files: Record<string, string>;
}

const SEGMENTS_FILE = { 'segments.ts': "export const LAPSED_EU = '3bbc4555-8fa0-4c9b-a5c0-4505edf3e064';\n" };

const PASSES: Pass[] = [
  { name: 'normal', workspaceTrust: false, files: SEGMENTS_FILE },
  {
    name: 'restricted',
    workspaceTrust: true,
    files: {
      ...SEGMENTS_FILE,
      // A language with no hover of VS Code's own: the TypeScript server would take its time to start.
      'audiences.yaml': 'winback:\n  segment_id: 3bbc4555-8fa0-4c9b-a5c0-4505edf3e064\n',
      // What a repository could set: Restricted Mode must ignore the first two (package.json's
      // restrictedConfigurations) and apply the third, which shows that VS Code read the file.
      '.vscode/settings.json': JSON.stringify({ 'braze.workspace': 'Staging', 'braze.cache.minutes': 0, 'braze.segments.sortOrder': 'name' }, null, 2),
    },
  },
];

/** One code-server, one workbench, one mocha run in its extension host: the totals, or why there are none. */
async function runPass(pass: Pass): Promise<Result | string> {
  const started = Date.now();
  const server = await startCodeServer({ name: `integration-${pass.name}`, workspaceTrust: pass.workspaceTrust, env: { BRAZE_INTEGRATION_PASS: pass.name } });
  let failed = true;
  try {
    const folder = writeWorkspace(path.join(server.runDir, 'workspace'), pass.files);
    const host = new URL(server.url).host; // the remote authority is the page's host in code-server
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${host}${REPO_ROOT}`],
      ['extensionTestsPath', `vscode-remote://${host}${INTEGRATION_ENTRY}`],
    ];
    const browser = await launchBrowser();
    const page = await browser.newPage();
    let result: Result | undefined;
    let exit!: (code: number | string) => void;
    const exited = new Promise<number | string>((resolve) => (exit = resolve));
    let finished = false; // after the exit, the workbench only reports its own shutdown
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      if (finished) return;
      const text = util.format(...(Array.isArray(args) ? args : [args]));
      const match = RESULT_LINE.exec(text);
      if (match) result = JSON.parse(match[1]) as Result;
      else if (type === 'error') console.error(text);
      else console.log(text);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => {
      finished = true;
      exit(code);
    });
    await page.goto(server.workbenchUrl(folder, { payload: JSON.stringify(payload) }));

    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      exited,
      new Promise<string>((resolve) => (timer = setTimeout(() => resolve('timeout'), TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    finished = true;
    await browser.close();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (code === 'timeout') return `no result within ${TIMEOUT_MS / 1000} s\n${server.logTail(50)}`;
    if (!result) return `the extension host exited (${code}) without a result\n${server.logTail(50)}`;
    console.log(`[integration:${pass.name}] ${result.passes} passed, ${result.failures} failed, ${result.pending} pending in ${seconds} s (exit ${code})`);
    failed = result.failures > 0 || code !== 0;
    if (failed) console.error(server.logTail(50));
    // mocha's own failures are counted; a non-zero exit with none is a broken run
    return result.failures === 0 && code !== 0 ? `the extension host exited (${code})` : result;
  } finally {
    await server.stop({ failed });
  }
}

async function main(): Promise<number> {
  if (!fs.existsSync(INTEGRATION_ENTRY)) {
    throw new Error(`${path.relative(REPO_ROOT, INTEGRATION_ENTRY)} is missing: run \`node esbuild.js --tests\` first.`);
  }
  const wanted = process.env.BRAZE_INTEGRATION_PASSES?.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = wanted?.filter((name) => !PASSES.some((pass) => pass.name === name)) ?? [];
  if (unknown.length) throw new Error(`unknown pass(es) ${unknown.join(', ')}; passes: ${PASSES.map((p) => p.name).join(', ')}`);
  const started = Date.now();
  const total: Result = { passes: 0, failures: 0, pending: 0 };
  let broken = false;
  for (const pass of PASSES.filter((p) => !wanted || wanted.includes(p.name))) {
    const result = await runPass(pass);
    if (typeof result === 'string') {
      console.error(`[integration:${pass.name}] ${result}`);
      broken = true;
      continue;
    }
    total.passes += result.passes;
    total.failures += result.failures;
    total.pending += result.pending;
  }
  // Read by scripts/test-all.ts for the stage's counts.
  console.log(`[integration] ${total.passes} passed, ${total.failures} failed, ${total.pending} pending in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return total.failures > 0 ? total.failures : broken ? 1 : 0;
}

main()
  .then(async (code) => {
    await cleanupAll();
    process.exit(Math.min(code, 255));
  })
  .catch(async (error: unknown) => {
    console.error('[integration]', error);
    await cleanupAll();
    process.exit(1);
  });
