// Runs the same integration suite (out/integration/index.js) in desktop VS Code through
// @vscode/test-electron, for contributors on a desktop with internet access: it downloads VS Code
// (stable, or VSCODE_VERSION) into .vscode-test/, or uses VSCODE_EXECUTABLE_PATH when set.
// On a Linux machine without a display, run it under xvfb-run.
//
//   npm run test:desktop       (builds with --tests first)
import * as path from 'node:path';
import * as fs from 'node:fs';
import { runTests } from '@vscode/test-electron';
import { newRunDir, writeWorkspace } from './codeServer';
import { INTEGRATION_ENTRY, REPO_ROOT } from './paths';
import { BASE_USER_SETTINGS } from './settings';

async function main(): Promise<void> {
  if (!fs.existsSync(INTEGRATION_ENTRY)) throw new Error(`${INTEGRATION_ENTRY} is missing: run \`node esbuild.js --tests\` first.`);
  const runDir = newRunDir('desktop');
  const userDataDir = path.join(runDir, 'user-data');
  const extensionsDir = path.join(runDir, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(BASE_USER_SETTINGS, null, 2));
  const folder = writeWorkspace(path.join(runDir, 'workspace'), {
    'segments.ts': "export const LAPSED_EU = '3bbc4555-8fa0-4c9b-a5c0-4505edf3e064';\n",
  });
  const executable = process.env.VSCODE_EXECUTABLE_PATH || undefined;
  console.log(`[desktop] VS Code: ${executable ?? `download ${process.env.VSCODE_VERSION || 'stable'} into .vscode-test/`}`);
  try {
    await runTests({
      vscodeExecutablePath: executable,
      version: executable ? undefined : process.env.VSCODE_VERSION || 'stable',
      cachePath: path.join(REPO_ROOT, '.vscode-test'),
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: INTEGRATION_ENTRY,
      extensionTestsEnv: { BRAZE_TEST_GREP: process.env.BRAZE_TEST_GREP },
      launchArgs: [
        folder,
        '--disable-extensions', // every other installed extension; the one under development still loads
        `--user-data-dir=${userDataDir}`,
        `--extensions-dir=${extensionsDir}`,
      ],
    });
    fs.rmSync(runDir, { recursive: true, force: true });
  } catch (error) {
    console.error(`[desktop] integration tests failed (${error instanceof Error ? error.message : String(error)}); kept ${runDir}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error('[desktop]', error);
  process.exit(1);
});
