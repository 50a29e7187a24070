// Runs the integration suite (out/integration/index.js, built by `node esbuild.js --tests`) inside the
// extension host of a real VS Code: code-server 1.100.3 with an empty extensions dir, the extension
// loaded from the repository in development mode. code-server has no --extensionTestsPath flag; the
// web workbench takes extensionDevelopmentPath / extensionTestsPath in its `payload` URL parameter
// (as @vscode/test-web does) and hands them to the server-side extension host. The headless browser
// is only the client: the tests run in Node, in the extension host, against the real `vscode` API.
//
//   npx tsx test/host/runIntegration.ts     exit code = number of failed tests (1 if the run broke)
//   BRAZE_INTEGRATION_TIMEOUT_MS=...        overall time limit (default 5 minutes)
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

async function main(): Promise<number> {
  if (!fs.existsSync(INTEGRATION_ENTRY)) {
    throw new Error(`${path.relative(REPO_ROOT, INTEGRATION_ENTRY)} is missing: run \`node esbuild.js --tests\` first.`);
  }
  const started = Date.now();
  const server = await startCodeServer({ name: 'integration' });
  let failed = true;
  try {
    const folder = writeWorkspace(path.join(server.runDir, 'workspace'), {
      'segments.ts': "export const LAPSED_EU = '3bbc4555-8fa0-4c9b-a5c0-4505edf3e064';\n",
    });
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
    if (code === 'timeout') {
      console.error(`[integration] no result within ${TIMEOUT_MS / 1000} s\n${server.logTail(50)}`);
      return 1;
    }
    if (!result) {
      console.error(`[integration] the extension host exited (${code}) without a result\n${server.logTail(50)}`);
      return 1;
    }
    console.log(`[integration] ${result.passes} passed, ${result.failures} failed, ${result.pending} pending in ${seconds} s (exit ${code})`);
    failed = result.failures > 0 || code !== 0;
    if (failed) console.error(server.logTail(50));
    return result.failures > 0 ? result.failures : code === 0 ? 0 : 1;
  } finally {
    await server.stop({ failed });
  }
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
