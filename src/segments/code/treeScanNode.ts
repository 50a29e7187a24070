// The tree scan's source over node:fs, and a lister of a folder's files: what the bench and the unit
// tests run the scanner with in plain Node. The extension lists with `findFiles` and reads through
// `vscode.workspace.fs` instead (src/ui/code/codeIndex.ts); nothing in the bundle imports this file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TreeScanSource } from './treeScan';

/** Sizes and reads absolute paths. `watch` (tests, bench) sees every operation start and end. */
export function nodeTreeSource(watch?: { opened(file: string): void; closed(file: string): void }): TreeScanSource<string> {
  const track = async <T>(file: string, body: () => Promise<T>): Promise<T> => {
    watch?.opened(file);
    try {
      return await body();
    } finally {
      watch?.closed(file);
    }
  };
  // The callback forms: fs/promises' readFile reads in chunks, several round trips to the thread
  // pool per file, and costs a third more over a large tree.
  return {
    name: (file) => file,
    size: (file) =>
      track(file, () => new Promise<number | undefined>((resolve, reject) => fs.stat(file, (error, stat) => (error ? reject(error) : resolve(stat.isFile() ? stat.size : undefined))))),
    read: (file) => track(file, () => new Promise<Uint8Array>((resolve, reject) => fs.readFile(file, (error, bytes) => (error ? reject(error) : resolve(bytes))))),
  };
}

/**
 * Every file under `root` (absolute paths, sorted), minus what `excluded` says of a root-relative
 * path (`/` separated): an excluded folder is not walked at all. Symbolic links are not followed.
 */
export async function listFiles(root: string, excluded: (relativePath: string) => boolean = () => false): Promise<string[]> {
  const files: string[] = [];
  const walk = async (folder: string, relative: string): Promise<void> => {
    const entries = await fs.promises.readdir(folder, { withFileTypes: true });
    for (const entry of entries) {
      const childRelative = relative ? `${relative}/${entry.name}` : entry.name;
      if (excluded(childRelative)) continue;
      const child = path.join(folder, entry.name);
      if (entry.isDirectory()) await walk(child, childRelative);
      else if (entry.isFile()) files.push(child);
    }
  };
  await walk(root, '');
  return files.sort();
}
