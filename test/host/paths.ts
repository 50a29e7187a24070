// Where the real-VS Code test host keeps its things. Everything lives under .vscode-test/ (gitignored):
// the code-server install, npm and ripgrep caches, and one folder per run.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const VSCODE_TEST_DIR = process.env.BRAZE_VSCODE_TEST_DIR || path.join(REPO_ROOT, '.vscode-test');
export const CODE_SERVER_VERSION = '4.100.3';
export const CODE_SERVER_BIN = path.join(VSCODE_TEST_DIR, 'code-server', 'bin', 'code-server');
export const RUNS_DIR = path.join(VSCODE_TEST_DIR, 'runs');
export const TEST_RESULTS_DIR = path.join(REPO_ROOT, 'test-results');
export const INTEGRATION_ENTRY = path.join(REPO_ROOT, 'out', 'integration', 'index.js');
export const EXTENSION_ID = 'braze-segments.braze-segments';

export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The .vsix `npm run package` writes. */
export function defaultVsixPath(): string {
  return path.join(REPO_ROOT, `braze-segments-${packageVersion()}.vsix`);
}

/** CHROMIUM_PATH, else Debian's chromium on the PATH. */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    } catch {
      // try the next name
    }
  }
  throw new Error('Chromium not found: run `bash test/host/setup.sh`, or set CHROMIUM_PATH.');
}

export function assertCodeServerInstalled(): void {
  if (!fs.existsSync(CODE_SERVER_BIN)) {
    throw new Error(`code-server is not installed at ${CODE_SERVER_BIN}: run \`bash test/host/setup.sh\` first.`);
  }
}
