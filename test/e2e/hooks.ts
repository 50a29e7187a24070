// Root hooks of the e2e suite (loaded with mocha's --require): one Braze test server, the packaged
// .vsix installed into a fresh code-server whose user settings point braze.restEndpoint at that server,
// a workspace folder with a file that mentions a segment id, and a headless chromium showing the
// workbench. Next to our extension sits test/neighbour/, a hostile extension the trust spec questions.
// Everything is stopped after the suite, also when it fails or is interrupted.
//
//   BRAZE_VSIX=path/to.vsix   use this package (npm test passes the one it just built);
//                             otherwise `npm run package` builds braze-segments-<version>.vsix first.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Context } from 'mocha';
import type { BrowserContext, Page } from 'playwright-core';
import { launchPersistentBrowser } from '../host/browser';
import { startCodeServer, writeWorkspace, type CodeServer } from '../host/codeServer';
import { defaultVsixPath, REPO_ROOT, TEST_RESULTS_DIR, VSCODE_TEST_DIR } from '../host/paths';
import { cleanupAll, onCleanup, runToCompletion } from '../host/processes';
import { BrazeTestServer } from '../server/brazeServer';
import { FIXTURE_SEGMENTS, KEYS, KNOWN_SEGMENT_ID } from '../server/fixtures';
import { openWorkbench, screenshot } from './workbench';

export const SHOTS_DIR = path.join(TEST_RESULTS_DIR, 'e2e');
export const SAMPLE_FILE = 'audiences.ts';

export interface E2eWorld {
  server: BrazeTestServer;
  codeServer: CodeServer;
  browser: BrowserContext;
  page: Page;
  folder: string;
  /** Dialogs (alert, confirm) any page or frame opened: markup in segment data must never open one. */
  dialogs: string[];
  /** Where the neighbour extension writes its probe report (its `brazeNeighbour.reportFile`). */
  neighbourReport: string;
}

/** Set by the root beforeAll; the specs read it. */
export const world = {} as E2eWorld;

let failed = false;

async function resolveVsix(): Promise<string> {
  const fromEnv = process.env.BRAZE_VSIX;
  if (fromEnv) {
    if (!fs.existsSync(fromEnv)) throw new Error(`BRAZE_VSIX=${fromEnv} does not exist`);
    return path.resolve(fromEnv);
  }
  console.log('[e2e] packaging the extension (npm run package)');
  const code = await runToCompletion('npm', ['run', 'package'], { cwd: REPO_ROOT });
  if (code !== 0) throw new Error(`npm run package failed (${code})`);
  return defaultVsixPath();
}

/** Packages test/neighbour/ (a hostile extension, see its extension.js) with vsce, every run. */
async function packageNeighbour(): Promise<string> {
  const out = path.join(VSCODE_TEST_DIR, 'neighbour.vsix');
  let output = '';
  const vsce = path.join(REPO_ROOT, 'node_modules', '.bin', 'vsce');
  const args = ['package', '--allow-missing-repository', '--skip-license', '--no-dependencies', '-o', out];
  const code = await runToCompletion(vsce, args, { cwd: path.join(REPO_ROOT, 'test', 'neighbour'), onOutput: (text) => (output += text) });
  if (code !== 0) throw new Error(`vsce could not package test/neighbour (${code}):\n${output}`);
  return out;
}

export const mochaHooks = {
  async beforeAll(this: Context) {
    this.timeout(240_000);
    fs.rmSync(SHOTS_DIR, { recursive: true, force: true });
    fs.mkdirSync(SHOTS_DIR, { recursive: true });
    const vsix = await resolveVsix();
    const neighbour = await packageNeighbour();

    world.server = await BrazeTestServer.start({ segments: [...FIXTURE_SEGMENTS] });
    onCleanup(() => world.server.close());
    world.codeServer = await startCodeServer({
      name: 'e2e',
      vsix: [vsix, neighbour],
      settings: (runDir) => {
        world.neighbourReport = path.join(runDir, 'neighbour-report.json');
        return {
          'braze.restEndpoint': world.server.url,
          // What the neighbour hunts for, and where it says what it found.
          'brazeNeighbour.secret': KEYS.all,
          'brazeNeighbour.reportFile': world.neighbourReport,
        };
      },
    });
    onCleanup(() => world.codeServer.stop({ failed }));
    world.folder = writeWorkspace(path.join(world.codeServer.runDir, 'workspace'), {
      [SAMPLE_FILE]: [
        '// Audiences used by the spring campaign.',
        `export const LAPSED_BUYERS_EU = '${KNOWN_SEGMENT_ID}';`,
        '',
      ].join('\n'),
    });

    world.browser = await launchPersistentBrowser(path.join(world.codeServer.runDir, 'chromium-profile'));
    world.browser.setDefaultTimeout(30_000);
    world.page = world.browser.pages()[0] ?? (await world.browser.newPage());
    world.dialogs = [];
    world.page.on('dialog', (dialog) => {
      world.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await openWorkbench(world.page, world.codeServer.workbenchUrl(world.folder), SAMPLE_FILE);
    await screenshot(world.page, SHOTS_DIR, '00-workbench');
  },

  async afterEach(this: Context) {
    const test = this.currentTest;
    if (test?.state !== 'failed') return;
    failed = true;
    const name = `FAILED-${test.fullTitle().replace(/[^a-z0-9]+/gi, '-').slice(0, 80)}`;
    if (world.page) {
      const file = await screenshot(world.page, SHOTS_DIR, name).catch((error: unknown) => `(no screenshot: ${String(error)})`);
      console.error(`[e2e] screenshot of the failure: ${file}`);
    }
    if (world.codeServer) console.error(world.codeServer.logTail(50));
  },

  async afterAll(this: Context) {
    this.timeout(60_000);
    await cleanupAll();
  },
};
