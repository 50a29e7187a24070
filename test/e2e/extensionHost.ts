// The remote extension host as a process, for the trust spec: finding it among code-server's
// descendants in /proc, reading its memory, and finding the "Braze" log it writes. Linux only.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findFiles, type CodeServer } from '../host/codeServer';
import { EXTENSION_ID } from '../host/paths';

interface ProcStat {
  ppid: number;
  /** Clock ticks after boot. */
  startTime: number;
}

/** /proc/<pid>/stat, read after the `(comm)` field, which may itself hold spaces and parentheses. */
function procStat(pid: number): ProcStat | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): ppid is field 4, starttime field 22
    return { ppid: Number(fields[1]), startTime: Number(fields[19]) };
  } catch {
    return undefined; // gone meanwhile
  }
}

function descendsFrom(pid: number, ancestor: number): boolean {
  for (let current = pid, hops = 0; current > 1 && hops < 64; hops++) {
    const stat = procStat(current);
    if (!stat) return false;
    if (stat.ppid === ancestor) return true;
    current = stat.ppid;
  }
  return false;
}

/**
 * The pid of the extension host serving the workbench: a descendant of this run's code-server whose
 * command line has `--type=extensionHost`. Should a reconnect have left an older one, the newest wins.
 */
export function extensionHostPid(codeServer: CodeServer): number {
  const hosts: Array<{ pid: number; startTime: number }> = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    let args: string[];
    try {
      args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (!args.includes('--type=extensionHost') || !descendsFrom(pid, codeServer.pid)) continue;
    hosts.push({ pid, startTime: procStat(pid)?.startTime ?? 0 });
  }
  if (!hosts.length) throw new Error(`no process with --type=extensionHost descends from code-server (pid ${codeServer.pid})`);
  hosts.sort((a, b) => b.startTime - a.startTime);
  return hosts[0].pid;
}

export interface Memory {
  /** Peak resident set size since the process started (VmHWM), in MB. */
  peakMb: number;
  /** Resident set size now (VmRSS), in MB. */
  rssMb: number;
}

export function memoryOf(pid: number): Memory {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match) throw new Error(`/proc/${pid}/status has no ${name}`);
    return Number(match[1]);
  };
  return { peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
}

/** The "Braze" log channel's files (logs/<session>/…/braze-segments.braze-segments/*.log). */
export function brazeLogFiles(codeServer: CodeServer): string[] {
  const dir = `${path.sep}${EXTENSION_ID}${path.sep}`;
  return findFiles(path.join(codeServer.userDataDir, 'logs'), (file) => file.includes(dir) && file.endsWith('.log'));
}

/** Polls `probe` until it returns a value other than undefined; fails after `timeoutMs` naming `what`. */
export async function pollUntil<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
