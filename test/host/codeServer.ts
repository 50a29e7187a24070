// Starts code-server (VS Code 1.100.3's server and web workbench) for one test run, in a fresh folder
// .vscode-test/runs/<name>-<pid>/ holding its user data, extensions, XDG dirs and log, on a port the
// OS picks. stop() ends the whole process group; it is also registered to run on exit and on signals.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertCodeServerInstalled, CODE_SERVER_BIN, RUNS_DIR } from './paths';
import { onCleanup, runToCompletion, spawnGroup } from './processes';
import { BASE_USER_SETTINGS } from './settings';

export interface CodeServerOptions {
  /** Names the run folder: runs/<name>-<pid>. */
  name: string;
  /** Merged over BASE_USER_SETTINGS into the user settings.json; a function gets the run folder. */
  settings?: Record<string, unknown> | ((runDir: string) => Record<string, unknown>);
  /** Installed into the (otherwise empty) extensions dir before the server starts, in this order. */
  vsix?: string | readonly string[];
  /** 0 (default): the OS picks a free port. */
  port?: number;
  /** Keep the run folder after stop() even when the run passed (it is always kept when `failed`). */
  keepRunDir?: boolean;
  /**
   * Workspace trust on, with no folder trusted: every folder opens in Restricted Mode, without a
   * prompt. Off (the default) trusts everything, as code-server's --disable-workspace-trust does.
   */
  workspaceTrust?: boolean;
  /** Added to code-server's environment, which its extension host inherits. */
  env?: NodeJS.ProcessEnv;
}

/** Trust on, nothing trusted, nothing asked: a folder stays in Restricted Mode. */
const RESTRICTED_MODE_SETTINGS: Readonly<Record<string, unknown>> = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'security.workspace.trust.untrustedFiles': 'open',
  'security.workspace.trust.emptyWindow': false,
};

export interface CodeServer {
  url: string;
  port: number;
  /** code-server's own process, the leader of its process group (the extension host is a descendant). */
  pid: number;
  runDir: string;
  userDataDir: string;
  extensionsDir: string;
  /** code-server's own output (stdout and stderr). */
  logFile: string;
  /** The workbench URL opening `folder`, with extra query parameters (e.g. `payload`). */
  workbenchUrl(folder: string, query?: Record<string, string>): string;
  /** The last `lines` lines of code-server's output and of the remote extension host's log. */
  logTail(lines?: number): string;
  /** Settles when code-server exits (on its own, or through stop()). */
  exited: Promise<number | string>;
  /** Stops code-server; removes the run folder unless it failed or keepRunDir. */
  stop(options?: { failed?: boolean }): Promise<void>;
}

const LISTENING = /HTTP server listening on (http:\/\/[^\s/]+)\/?/;

/**
 * A fresh runs/<name>-<pid>/. Folders that earlier runs of the same name kept (after a failure) are
 * removed once their process is gone, so only the latest failure stays around to look at.
 */
export function newRunDir(name: string): string {
  const runDir = path.join(RUNS_DIR, `${name}-${process.pid}`);
  if (fs.existsSync(RUNS_DIR)) {
    for (const entry of fs.readdirSync(RUNS_DIR)) {
      const match = new RegExp(`^${name}-(\\d+)$`).exec(entry);
      if (match && Number(match[1]) !== process.pid && !processAlive(Number(match[1]))) {
        fs.rmSync(path.join(RUNS_DIR, entry), { recursive: true, force: true });
      }
    }
  }
  fs.rmSync(runDir, { recursive: true, force: true });
  fs.mkdirSync(runDir, { recursive: true });
  return runDir;
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  assertCodeServerInstalled();
  const runDir = newRunDir(options.name);
  const userDataDir = path.join(runDir, 'user-data');
  const extensionsDir = path.join(runDir, 'extensions');
  const logFile = path.join(runDir, 'code-server.log');
  const xdg = { XDG_CONFIG_HOME: path.join(runDir, 'xdg', 'config'), XDG_DATA_HOME: path.join(runDir, 'xdg', 'data'), XDG_CACHE_HOME: path.join(runDir, 'xdg', 'cache') };
  for (const dir of [path.join(userDataDir, 'User'), extensionsDir, ...Object.values(xdg)]) fs.mkdirSync(dir, { recursive: true });
  const settings = {
    ...BASE_USER_SETTINGS,
    ...(options.workspaceTrust ? RESTRICTED_MODE_SETTINGS : {}),
    ...(typeof options.settings === 'function' ? options.settings(runDir) : options.settings),
  };
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    ...xdg,
    TMPDIR: path.join(runDir, 'tmp'),
    // No extension gallery (code-server's default is open-vsx.org): a test run makes no outside requests.
    EXTENSIONS_GALLERY: '{}',
  };
  fs.mkdirSync(path.join(runDir, 'tmp'), { recursive: true });
  // The ext host must not think it runs inside an Electron or VS Code terminal of the developer's.
  for (const name of Object.keys(env)) if (name.startsWith('VSCODE_') || name === 'ELECTRON_RUN_AS_NODE') delete env[name];
  const log = fs.createWriteStream(logFile, { flags: 'a' });
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  const logTail = (lines = 50): string => {
    const tail = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').slice(-lines - 1).join('\n') : '(none)');
    // the remote extension host's log, and the extension's own "Braze" log
    const exthostLogs = findFiles(path.join(userDataDir, 'logs'), (f) => f.endsWith('remoteexthost.log') || /braze-segments[^/]*\/[^/]+\.log$/.test(f));
    return [`--- ${logFile} (last ${lines} lines)`, tail(logFile), ...exthostLogs.map((f) => `--- ${f} (last ${lines} lines)\n${tail(f)}`)].join('\n');
  };

  let removeRunDir = true;
  const unregisterRunDir = onCleanup(() => {
    if (removeRunDir && !options.keepRunDir) fs.rmSync(runDir, { recursive: true, force: true });
  });

  for (const vsix of typeof options.vsix === 'string' ? [options.vsix] : (options.vsix ?? [])) {
    let output = '';
    const code = await runToCompletion(CODE_SERVER_BIN, [...common, '--install-extension', vsix], {
      env,
      onOutput: (text) => {
        output += text;
        log.write(text);
      },
    });
    if (code !== 0 || !/successfully installed/i.test(output)) {
      removeRunDir = false;
      throw new Error(`code-server could not install ${vsix} (exit ${code}):\n${output}`);
    }
  }

  const proc = spawnGroup(
    CODE_SERVER_BIN,
    [
      '--bind-addr', `127.0.0.1:${options.port ?? 0}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      ...common,
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stop = async (stopOptions: { failed?: boolean } = {}) => {
    if (stopOptions.failed) removeRunDir = false;
    await proc.stop();
    await new Promise<void>((resolve) => log.end(resolve));
    unregisterRunDir();
    if (removeRunDir && !options.keepRunDir) fs.rmSync(runDir, { recursive: true, force: true });
    else console.error(`[host] kept ${runDir}`);
  };

  try {
    const url = await new Promise<string>((resolve, reject) => {
      let buffered = '';
      const onData = (chunk: Buffer) => {
        const text = chunk.toString();
        log.write(text);
        buffered += text;
        const match = LISTENING.exec(buffered);
        if (match) resolve(match[1]);
      };
      proc.child.stdout?.on('data', onData);
      proc.child.stderr?.on('data', onData);
      void proc.exited.then((code) => reject(new Error(`code-server exited (${code}) before listening:\n${buffered}`)));
      setTimeout(() => reject(new Error(`code-server did not listen within 60 s:\n${buffered}`)), 60_000).unref();
    });
    await waitForHealthy(url, proc.exited);
    const port = Number(new URL(url).port);
    return {
      url,
      port,
      pid: proc.pid,
      runDir,
      userDataDir,
      extensionsDir,
      logFile,
      logTail,
      stop,
      exited: proc.exited,
      workbenchUrl: (folder, query = {}) => {
        const params = new URLSearchParams({ folder, ...query });
        return `${url}/?${params.toString()}`;
      },
    };
  } catch (error) {
    await stop({ failed: true });
    throw error;
  }
}

/** Polls /healthz until code-server answers it (its state, not a guessed delay). */
async function waitForHealthy(url: string, exited: Promise<unknown>, timeoutMs = 60_000): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline && !gone) {
    try {
      const response = await fetch(`${url}/healthz`);
      const body = await response.text();
      if (response.ok && /"status"\s*:\s*"(alive|expired)"/.test(body)) return;
      last = `${response.status} ${body}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`code-server at ${url} never became healthy${gone ? ' (it exited)' : ''}: ${last}`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Every file under `dir` (recursively) for which `match` holds. */
export function findFiles(dir: string, match: (file: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findFiles(full, match));
    else if (match(full)) found.push(full);
  }
  return found;
}

/** A workspace folder for a run: `files` maps relative paths to contents. */
export function writeWorkspace(dir: string, files: Record<string, string>): string {
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(dir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return dir;
}
