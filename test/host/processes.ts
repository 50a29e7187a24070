// Every process a test run starts is stopped when the run ends: normally, on a failure, on an
// uncaught error, and on SIGINT/SIGTERM/SIGHUP. Children are started in their own process group so
// that stopping one also stops everything it started (code-server's server, extension host, file
// watcher, pty host).
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

type Cleanup = () => Promise<void> | void;

const cleanups: Cleanup[] = [];
const liveGroups = new Set<number>();
let handlersInstalled = false;
let cleaningUp: Promise<void> | undefined;
let signalled: NodeJS.Signals | undefined;

/** The signal that is stopping this process, if one is. */
export function stoppingOnSignal(): NodeJS.Signals | undefined {
  return signalled;
}

/** Registers `fn` to run at the end (last registered runs first); returns a function that unregisters it. */
export function onCleanup(fn: Cleanup): () => void {
  installHandlers();
  cleanups.push(fn);
  return () => {
    const index = cleanups.indexOf(fn);
    if (index >= 0) cleanups.splice(index, 1);
  };
}

/** Runs every registered cleanup once, newest first; errors are reported, not thrown. */
export function cleanupAll(): Promise<void> {
  cleaningUp ??= (async () => {
    while (cleanups.length) {
      const fn = cleanups.pop()!;
      try {
        await fn();
      } catch (error) {
        console.error('[host] cleanup failed:', error);
      }
    }
  })().finally(() => {
    cleaningUp = undefined;
  });
  return cleaningUp;
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const signals: Array<[NodeJS.Signals, number]> = [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]];
  for (const [signal, code] of signals) {
    process.on(signal, () => {
      if (signalled) return; // a terminal's Ctrl-C reaches both npm/tsx and this process
      signalled = signal;
      console.error(`\n[host] ${signal}: stopping everything this run started`);
      void cleanupAll().finally(() => process.exit(code));
    });
  }
  // Last resort when the process exits without running the cleanups (process.exit, a crash):
  // kill whatever groups are still alive, synchronously.
  process.on('exit', () => {
    for (const pgid of liveGroups) killGroup(pgid, 'SIGKILL');
  });
}

function killGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is empty
  }
}

function groupAlive(pgid: number): boolean {
  return killGroup(pgid, 0 as unknown as NodeJS.Signals);
}

export interface GroupProcess {
  child: ChildProcess;
  pid: number;
  /** Settles with the exit code (or the signal name) of the group leader. */
  exited: Promise<number | string>;
  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves when no process of the group is left. */
  stop(graceMs?: number): Promise<void>;
}

/** Spawns `command` as the leader of a new process group, registered for cleanup. */
export function spawnGroup(command: string, args: readonly string[], options: SpawnOptions = {}): GroupProcess {
  installHandlers();
  const child = spawn(command, args, { ...options, detached: true });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  liveGroups.add(pid);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1));
    child.once('error', (error) => resolve(String(error)));
  });
  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 5000): Promise<void> => {
    stopping ??= (async () => {
      killGroup(pid, 'SIGTERM');
      const deadline = Date.now() + graceMs;
      while (groupAlive(pid) && Date.now() < deadline) await sleepPoll();
      if (groupAlive(pid)) {
        killGroup(pid, 'SIGKILL');
        while (groupAlive(pid) && Date.now() < deadline + 5000) await sleepPoll();
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 1000))]);
      liveGroups.delete(pid);
      unregister();
    })();
    return stopping;
  };
  const unregister = onCleanup(() => stop());
  return { child, pid, exited, stop };
}

/** Polling interval while waiting for processes to leave: the OS offers no event for a process group. */
function sleepPoll(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 50));
}

/** Runs a command to completion in its own group (stopped on SIGINT), with its output passed through. */
export async function runToCompletion(
  command: string,
  args: readonly string[],
  options: SpawnOptions & { onOutput?: (text: string) => void } = {},
): Promise<number | string> {
  const { onOutput, ...spawnOptions } = options;
  const proc = spawnGroup(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...spawnOptions });
  for (const stream of [proc.child.stdout, proc.child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      if (onOutput) onOutput(text);
      else process.stdout.write(text);
    });
  }
  const code = await proc.exited;
  await proc.stop(2000); // anything it left behind in its group
  return code;
}
