// Every segment id in the workspace's files, kept current: the one ReferenceIndex behind the Segments
// in Code view, Find All References and the workspace-wide problems. Nothing happens until someone
// asks (`ensureScanned`, when the view is first shown); then every file VS Code's search would search
// is read once, with a bounded number open at once and the event loop handed back between slices
// (src/segments/code/treeScan.ts), and after that only what changes is read again: the one file
// saved, created or changed on disk, the files of a folder added. Deletes and renames drop or move
// entries without a read. Open documents count as their editors show them, not as saved.
// Reads files only: no request to Braze, so an untrusted workspace is scanned the same way.
import * as vscode from 'vscode';
import { Emitter, type Event } from '../../common/events';
import { Disposable, disposableTimeout, type IDisposable, toDisposable } from '../../common/lifecycle';
import { ReferenceIndex } from '../../segments/code/referenceIndex';
import { DEFAULT_CONCURRENCY, DEFAULT_MAX_FILE_BYTES, type FileScan, Limiter, type SkipReason, type TreeScanSource, scanTree } from '../../segments/code/treeScan';
import { excludeGlob, excludeMatcher } from '../../segments/code/treeScanGlob';
import { ripgrepCandidates, ripgrepIn } from '../../segments/code/treeScanRipgrep';
import type { DocumentScans } from './documentScans';

export interface CodeIndexLimits {
  /** At most this many files are read in the workspace scan (a word says so when reached). */
  readonly maxFiles: number;
  /** Larger files are skipped. */
  readonly maxFileBytes: number;
  /** Files read at once. */
  readonly concurrency: number;
  /**
   * Let VS Code's ripgrep say first which files hold a UUID at all, so that only those are read
   * (local folders, when VS Code has one; else, or when it fails, every file is read).
   */
  readonly ripgrep: boolean;
}

export const CODE_INDEX_LIMITS: CodeIndexLimits = Object.freeze({ maxFiles: 50_000, maxFileBytes: DEFAULT_MAX_FILE_BYTES, concurrency: DEFAULT_CONCURRENCY, ripgrep: true });

/** Fewer files than this are read without asking ripgrep: starting it would cost more than it saves. */
const RIPGREP_MIN_FILES = 64;

/** A typed document is indexed again this long after the last keystroke. */
const EDIT_DEBOUNCE_MS = 300;
/** Reports of single files (a save, a watcher event) are gathered this long, then read together. */
const RESCAN_DELAY_MS = 100;
/** A watcher's "created" for the target of a rename just handled is that rename, not a new file. */
const RENAME_ECHO_MS = 3000;
/** A progress event every this many files, while the workspace scan runs. */
const PROGRESS_EVERY_FILES = 500;

export interface CodeIndexChange {
  /** The files whose entries changed; empty when only the scan's progress did. */
  readonly uris: readonly string[];
}

export interface ScanSummary {
  /** Files listed for the workspace scan so far (read, or skipped as binary, large or unreadable). */
  readonly files: number;
  readonly done: number;
  readonly skipped: Readonly<Record<SkipReason, number>>;
  /** Files ripgrep found no UUID in, so not read at all. */
  readonly unread: number;
  /** The file cap was reached in some folder: files beyond it were not read. */
  readonly capped: boolean;
  readonly maxFiles: number;
}

interface FolderStats {
  files: number;
  done: number;
  unread: number;
  capped: boolean;
  readonly skipped: Record<SkipReason, number>;
}

interface FolderState {
  readonly folder: vscode.WorkspaceFolder;
  readonly excluded: (relativePath: string) => boolean;
  readonly glob: string | undefined;
}

export class CodeIndex extends Disposable {
  readonly index: ReferenceIndex;
  private readonly changed = this._register(new Emitter<CodeIndexChange>());
  /** The index changed (which files), or the workspace scan started, advanced or ended (no files). */
  readonly onDidChange: Event<CodeIndexChange> = this.changed.event;

  private started = false;
  /** The workspace scans running or waiting: one per folder, one after the other. */
  private readonly running = new Set<Promise<void>>();
  private scanChain: Promise<void> = Promise.resolve();
  private readonly folderScans = new Map<string, AbortController>();
  /** Each folder's exclude settings, read when first needed and again when they change. */
  private readonly folders = new Map<string, FolderState>();
  /** What each folder's last scan listed, read and skipped (the cap counts files across folders). */
  private readonly folderStats = new Map<string, FolderStats>();
  /** Every read of the index (the folder scans and single files alike) shares this bound. */
  private readonly limiter: Limiter;
  /** The files the index holds entries for: deletes and renames of a folder reach them by prefix. */
  private readonly indexed = new Set<string>();
  /** Every folder above an indexed file, with how many indexed files it holds: a delete of a folder is a lookup. */
  private readonly indexedFolders = new Map<string, number>();
  /** Documents open in VS Code: they count as the editor shows them, so a read from disk is not theirs. */
  private readonly live = new Set<string>();
  /**
   * When each file was last reported (an edit, a save, a delete, a rename), on a counter: a read that
   * began before that is out of date and dropped. Kept only while reads are in flight.
   */
  private readonly touched = new Map<string, number>();
  private tick = 0;
  private readonly pending = new Map<string, vscode.Uri>();
  private flushTimer: IDisposable | undefined;
  private flushing: Promise<void> | undefined;
  private readonly editTimers = new Map<string, IDisposable>();
  private readonly renamedTo = new Map<string, number>();
  /** VS Code's ripgrep: null until looked for, undefined when there is none. */
  private ripgrepFound: string | undefined | null = null;
  private readonly source: TreeScanSource<vscode.Uri> = {
    name: (uri) => uri.path,
    size: async (uri) => {
      const stat = await vscode.workspace.fs.stat(uri);
      return stat.type & vscode.FileType.File ? stat.size : undefined;
    },
    read: async (uri) => vscode.workspace.fs.readFile(uri),
  };

  constructor(
    readonly documents: DocumentScans,
    private readonly limits: CodeIndexLimits = CODE_INDEX_LIMITS,
  ) {
    super();
    this.limiter = new Limiter(limits.concurrency);
    this.index = this._register(new ReferenceIndex());
    this._register(
      this.index.onDidChange(({ uris }) => {
        for (const uri of uris) this.track(uri, this.index.inFile(uri).length > 0);
        this.changed.fire({ uris });
      }),
    );
    this._register(
      toDisposable(() => {
        for (const controller of this.folderScans.values()) controller.abort();
        this.flushTimer?.dispose();
        for (const timer of this.editTimers.values()) timer.dispose();
        this.editTimers.clear();
      }),
    );
  }

  /** The first call starts the workspace scan; later ones wait for the scans still running, or return at once. */
  ensureScanned(): Promise<void> {
    if (!this.started && !this.isDisposed) {
      this.started = true;
      this.listen();
      for (const document of vscode.workspace.textDocuments) this.opened(document);
      for (const folder of vscode.workspace.workspaceFolders ?? []) this.scanFolder(folder, false);
    }
    return this.idle();
  }

  /** The workspace scan has run to the end (and no folder's scan is running). */
  get scanned(): boolean {
    return this.started && this.running.size === 0;
  }

  get scanning(): boolean {
    return this.running.size > 0;
  }

  /** How far the workspace scan got, and what it skipped. */
  get stats(): ScanSummary {
    const skipped: Record<SkipReason, number> = { binary: 0, large: 0, unreadable: 0 };
    let files = 0;
    let done = 0;
    let unread = 0;
    let capped = false;
    for (const stats of this.folderStats.values()) {
      files += stats.files;
      done += stats.done;
      unread += stats.unread;
      capped ||= stats.capped;
      for (const reason of Object.keys(skipped) as SkipReason[]) skipped[reason] += stats.skipped[reason];
    }
    return { files, done, skipped, unread, capped, maxFiles: this.limits.maxFiles };
  }

  private async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }

  private listen(): void {
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/*'));
    this._register(watcher.onDidCreate((uri) => void this.created(uri, true)));
    this._register(watcher.onDidChange((uri) => this.changedOnDisk(uri)));
    this._register(watcher.onDidDelete((uri) => this.deleted(uri)));
    // The same operations, when an extension or the explorer makes them: a rename arrives as one.
    this._register(vscode.workspace.onDidCreateFiles((event) => event.files.forEach((uri) => void this.created(uri, true))));
    this._register(vscode.workspace.onDidDeleteFiles((event) => event.files.forEach((uri) => this.deleted(uri))));
    this._register(vscode.workspace.onDidRenameFiles((event) => event.files.forEach(({ oldUri, newUri }) => this.renamed(oldUri, newUri))));
    this._register(vscode.workspace.onDidOpenTextDocument((document) => this.opened(document)));
    // A save's dirty-flag change comes with no content change: nothing to index again for it.
    this._register(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length) this.edited(event.document);
      }),
    );
    this._register(vscode.workspace.onDidSaveTextDocument((document) => this.indexDocument(document)));
    this._register(vscode.workspace.onDidCloseTextDocument((document) => this.closed(document)));
    this._register(
      vscode.workspace.onDidChangeWorkspaceFolders((event) => {
        for (const folder of event.removed) this.dropFolder(folder);
        for (const folder of event.added) this.scanFolder(folder, false);
      }),
    );
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        for (const folder of vscode.workspace.workspaceFolders ?? []) {
          if (!event.affectsConfiguration('files.exclude', folder.uri) && !event.affectsConfiguration('search.exclude', folder.uri)) continue;
          // Which files count changed: that folder is listed again (entries of files now excluded go).
          this.folders.delete(folder.uri.toString());
          this.scanFolder(folder, true);
        }
      }),
    );
  }

  // --- The workspace scan, one folder at a time ----------------------------------------------------

  private scanFolder(folder: vscode.WorkspaceFolder, prune: boolean): void {
    const key = folder.uri.toString();
    this.folderScans.get(key)?.abort();
    const controller = new AbortController();
    this.folderScans.set(key, controller);
    // One folder at a time: together they stay within the bound of files read at once, and the cap
    // counts what the folders before listed.
    const run = this.scanChain
      .then(() => (controller.signal.aborted || this.isDisposed ? undefined : this.runFolderScan(folder, controller.signal, prune)))
      .catch((error: unknown) => console.error(`Braze Segments: scanning ${folder.name} failed`, error))
      .finally(() => {
        this.running.delete(run);
        if (this.folderScans.get(key) === controller) this.folderScans.delete(key);
        this.forgetTouchesWhenIdle();
        this.progress();
      });
    this.scanChain = run;
    this.running.add(run);
    this.progress();
  }

  private async runFolderScan(folder: vscode.WorkspaceFolder, signal: AbortSignal, prune: boolean): Promise<void> {
    const since = ++this.tick;
    const key = folder.uri.toString();
    const state = this.folderState(folder);
    let others = 0;
    for (const [folderKey, stats] of this.folderStats) if (folderKey !== key) others += stats.files;
    const room = Math.max(0, this.limits.maxFiles - others);
    const cancel = new vscode.CancellationTokenSource();
    const abort = () => cancel.cancel();
    signal.addEventListener('abort', abort);
    let found: vscode.Uri[];
    try {
      // One more than there is room for: then the cap was reached.
      found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*'), state.glob ?? null, room + 1, cancel.token);
    } finally {
      signal.removeEventListener('abort', abort);
      cancel.dispose();
    }
    if (signal.aborted || this.isDisposed) return;
    const files = found.slice(0, room).filter((uri) => !this.live.has(uri.toString()) && !this.isExcluded(state, uri));
    const stats: FolderStats = { files: files.length, done: 0, unread: 0, capped: found.length > room, skipped: { binary: 0, large: 0, unreadable: 0 } };
    this.folderStats.set(key, stats);
    if (prune) {
      const listedNow = new Set(files.map((uri) => uri.toString()));
      for (const uri of this.indexedUnder(key)) if (!listedNow.has(uri) && !this.live.has(uri)) this.index.delete(uri);
    }
    this.progress();
    const toRead = await this.withUuids(folder, files, since, stats, signal);
    if (signal.aborted || this.isDisposed) return;
    await scanTree(
      toRead,
      this.source,
      (uri, scan) => {
        stats.done++;
        if (scan.kind === 'skipped') stats.skipped[scan.reason]++;
        if (stats.done % PROGRESS_EVERY_FILES === 0) this.progress();
        const uriKey = uri.toString();
        // Reported since the scan began (saved, deleted, moved or opened): its own handling read it afresh.
        if ((this.touched.get(uriKey) ?? 0) > since || this.live.has(uriKey)) return;
        this.record(uriKey, scan);
      },
      { signal, maxFileBytes: this.limits.maxFileBytes, concurrency: this.limits.concurrency, limiter: this.limiter },
    );
  }

  /**
   * The files of a local folder that hold a UUID, as VS Code's ripgrep says (in its own process, on
   * every core); the others hold no id and are not read: what an earlier scan indexed there goes.
   * Every file, when ripgrep is not there, not wanted, or not worth starting.
   */
  private async withUuids(folder: vscode.WorkspaceFolder, files: vscode.Uri[], since: number, stats: FolderStats, signal: AbortSignal): Promise<vscode.Uri[]> {
    const rg = this.limits.ripgrep && folder.uri.scheme === 'file' && files.length >= RIPGREP_MIN_FILES ? this.ripgrepPath() : undefined;
    if (!rg) return files;
    const paths = files.map((uri) => uri.fsPath);
    const { candidates } = await ripgrepCandidates(rg, paths, signal);
    const toRead: vscode.Uri[] = [];
    files.forEach((uri, i) => {
      if (candidates.has(paths[i])) {
        toRead.push(uri);
        return;
      }
      stats.done++;
      stats.unread++;
      const key = uri.toString();
      if (this.indexed.has(key) && (this.touched.get(key) ?? 0) <= since && !this.live.has(key)) this.index.delete(key);
    });
    return toRead;
  }

  /** Looked for once: VS Code's install does not change while it runs. */
  private ripgrepPath(): string | undefined {
    if (this.ripgrepFound === null) this.ripgrepFound = ripgrepIn(vscode.env.appRoot);
    return this.ripgrepFound;
  }

  private dropFolder(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.toString();
    this.folderScans.get(key)?.abort();
    this.folderScans.delete(key);
    this.folders.delete(key);
    this.folderStats.delete(key);
    for (const uri of [...this.pending.keys()]) if (isUnder(uri, key)) this.pending.delete(uri);
    for (const uri of this.indexedUnder(key)) this.index.delete(uri);
    this.progress();
  }

  // --- Single files ----------------------------------------------------------------------------------

  /** A file or folder appeared (or was written by an extension's edit): read only it. */
  private async created(uri: vscode.Uri, fromEvent: boolean): Promise<void> {
    const key = uri.toString();
    if (fromEvent && this.isRenameEcho(key)) return;
    const state = this.stateFor(uri);
    if (!state || this.live.has(key)) return;
    let type: vscode.FileType;
    try {
      type = (await vscode.workspace.fs.stat(uri)).type;
    } catch {
      return; // gone again
    }
    if (this.isDisposed) return;
    if (type & vscode.FileType.Directory) {
      // A folder moved in from elsewhere comes as one event: its files are listed as the scan lists them.
      const inside = await vscode.workspace.findFiles(new vscode.RelativePattern(uri, '**/*'), state.glob ?? null, this.limits.maxFiles);
      for (const file of inside) if (!this.isExcluded(state, file)) this.queue(file);
    } else this.queue(uri);
  }

  private changedOnDisk(uri: vscode.Uri): void {
    const key = uri.toString();
    // An open document is indexed as its editor shows it; VS Code reloads it when the disk changes.
    if (this.live.has(key) || !this.stateFor(uri)) return;
    this.queue(uri);
  }

  private deleted(uri: vscode.Uri): void {
    const key = uri.toString();
    this.touch(key);
    this.pending.delete(key);
    for (const pendingKey of [...this.pending.keys()]) if (isUnder(pendingKey, key)) this.pending.delete(pendingKey);
    this.index.delete(key);
    // Most deleted files hold no id, and are no folder of one: only a folder with indexed files is searched.
    if (!this.indexedFolders.has(key)) return;
    for (const child of this.indexedUnder(key)) {
      this.touch(child);
      this.index.delete(child);
    }
  }

  /** A file or folder moved: its entries go with it, unread. A file the index had nothing of is read at its new place. */
  private renamed(oldUri: vscode.Uri, newUri: vscode.Uri): void {
    const from = oldUri.toString();
    const to = newUri.toString();
    const moved = [...(this.indexed.has(from) ? [from] : []), ...(this.indexedFolders.has(from) ? this.indexedUnder(from) : [])];
    for (const uri of [from, to, ...moved]) this.touch(uri);
    const pendingMove = this.pending.get(from);
    this.pending.delete(from);
    const state = this.stateFor(newUri);
    if (!state) {
      for (const uri of moved) this.index.delete(uri);
      return;
    }
    this.renamedTo.set(to, Date.now());
    if (pendingMove) this.queue(newUri);
    if (!moved.length) {
      // Nothing indexed came from there (no ids, or it was excluded before): look at it where it is now.
      void this.created(newUri, false);
      return;
    }
    for (const uri of moved) {
      const target = to + uri.slice(from.length);
      const targetUri = vscode.Uri.parse(target);
      if (this.isExcluded(state, targetUri)) this.index.delete(uri);
      else this.index.rename(uri, target);
    }
  }

  private isRenameEcho(key: string): boolean {
    const now = Date.now();
    for (const [uri, at] of this.renamedTo) if (now - at > RENAME_ECHO_MS) this.renamedTo.delete(uri);
    if (!this.renamedTo.has(key)) return false;
    this.renamedTo.delete(key);
    return true;
  }

  /** Reads `uri` again soon, with the other files reported meanwhile. */
  private queue(uri: vscode.Uri): void {
    const key = uri.toString();
    this.pending.set(key, uri);
    this.touch(key);
    this.flushSoon();
  }

  private flushSoon(): void {
    if (this.flushTimer || this.flushing || this.isDisposed) return;
    this.flushTimer = disposableTimeout(() => {
      this.flushTimer = undefined;
      this.flushing = this.flush()
        .catch((error: unknown) => console.error('Braze Segments: reading changed files failed', error))
        .finally(() => {
          this.flushing = undefined;
          this.forgetTouchesWhenIdle();
          if (this.pending.size) this.flushSoon();
        });
    }, RESCAN_DELAY_MS);
  }

  private async flush(): Promise<void> {
    while (this.pending.size && !this.isDisposed) {
      const batch = [...this.pending.values()];
      this.pending.clear();
      const since = this.tick;
      await scanTree(
        batch,
        this.source,
        (uri, scan) => {
          const key = uri.toString();
          // Reported again while it was read (it is pending again), or opened: that later handling wins.
          if ((this.touched.get(key) ?? 0) > since || this.live.has(key)) return;
          this.record(key, scan);
        },
        { maxFileBytes: this.limits.maxFileBytes, concurrency: this.limits.concurrency, limiter: this.limiter },
      );
    }
  }

  private record(key: string, scan: FileScan): void {
    if (this.isDisposed) return;
    if (scan.kind === 'text') this.index.set(key, scan.occurrences, scan.lines);
    else this.index.delete(key);
  }

  // --- Open documents ------------------------------------------------------------------------------

  private opened(document: vscode.TextDocument): void {
    if (!this.stateFor(document.uri)) return;
    this.live.add(document.uri.toString());
    this.indexDocument(document);
  }

  private edited(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (!this.live.has(key)) return;
    this.touch(key);
    this.editTimers.get(key)?.dispose();
    this.editTimers.set(
      key,
      disposableTimeout(() => {
        this.editTimers.delete(key);
        if (!document.isClosed) this.indexDocument(document);
      }, EDIT_DEBOUNCE_MS),
    );
  }

  /** Indexes an open document from its text (a save: at once, the debounce's wait is over). */
  private indexDocument(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (!this.live.has(key) || this.isDisposed) return;
    this.touch(key);
    this.editTimers.get(key)?.dispose();
    this.editTimers.delete(key);
    // As large a file as the scan skips is skipped here too: opening it does not change the view.
    const length = document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
    if (length > this.limits.maxFileBytes) {
      this.index.delete(key);
      return;
    }
    const occurrences = this.documents.occurrencesOf(document);
    // Only the lines that hold an id are read: the index keeps their previews, nothing else.
    const lines: string[] = [];
    for (const { line } of occurrences) lines[line] ??= document.lineAt(line).text;
    this.index.set(key, occurrences, lines);
  }

  /** A closed document counts as saved on disk again (closing without saving drops the edits). */
  private closed(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (!this.live.delete(key)) return;
    this.editTimers.get(key)?.dispose();
    this.editTimers.delete(key);
    this.queue(document.uri);
  }

  // --- Which files count ---------------------------------------------------------------------------

  /** The folder `uri` is in, unless VS Code's search skips it (or it is in no folder). */
  private stateFor(uri: vscode.Uri): FolderState | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return undefined;
    const state = this.folderState(folder);
    return this.isExcluded(state, uri) ? undefined : state;
  }

  private folderState(folder: vscode.WorkspaceFolder): FolderState {
    const key = folder.uri.toString();
    let state = this.folders.get(key);
    if (!state) {
      const patterns = searchExcludePatterns(folder.uri);
      this.folders.set(key, (state = { folder, excluded: excludeMatcher(patterns), glob: excludeGlob(patterns) }));
    }
    return state;
  }

  private isExcluded(state: FolderState, uri: vscode.Uri): boolean {
    const relative = relativePath(state.folder.uri, uri) ?? vscode.workspace.asRelativePath(uri, false);
    return state.excluded(relative);
  }

  private indexedUnder(prefix: string): string[] {
    const found: string[] = [];
    for (const uri of this.indexed) if (isUnder(uri, prefix)) found.push(uri);
    return found;
  }

  /** Marks `key` reported now: a read in flight that began earlier is dropped. Nothing to mark when nothing is read. */
  private touch(key: string): void {
    this.tick++;
    if (this.busy) this.touched.set(key, this.tick);
  }

  private get busy(): boolean {
    return this.running.size > 0 || this.flushing !== undefined || this.pending.size > 0;
  }

  private forgetTouchesWhenIdle(): void {
    if (!this.busy) this.touched.clear();
  }

  /** Keeps `indexed` and `indexedFolders` in step with the index, for one file. */
  private track(uri: string, has: boolean): void {
    if (has === this.indexed.has(uri)) return;
    if (has) this.indexed.add(uri);
    else this.indexed.delete(uri);
    for (const folder of foldersAbove(uri)) {
      const count = (this.indexedFolders.get(folder) ?? 0) + (has ? 1 : -1);
      if (count > 0) this.indexedFolders.set(folder, count);
      else this.indexedFolders.delete(folder);
    }
  }

  private progress(): void {
    if (!this.isDisposed) this.changed.fire({ uris: [] });
  }
}

/**
 * The glob patterns VS Code's search skips in a folder: the entries of `files.exclude` and
 * `search.exclude` set to `true` (conditional `{ "when": … }` entries have no glob form and are left
 * out). VS Code's own settings, read here and nowhere else.
 */
function searchExcludePatterns(folder: vscode.Uri): string[] {
  const enabled = (section: string) => {
    const value = vscode.workspace.getConfiguration(section, folder).get<Record<string, unknown>>('exclude') ?? {};
    return Object.entries(value)
      .filter(([, on]) => on === true)
      .map(([pattern]) => pattern);
  };
  return [...new Set([...enabled('files'), ...enabled('search')])];
}

/** `uri`'s path below `folder`, `/` separated, or undefined when it is not below it. */
function relativePath(folder: vscode.Uri, uri: vscode.Uri): string | undefined {
  if (uri.scheme !== folder.scheme || uri.authority !== folder.authority) return undefined;
  const base = folder.path.endsWith('/') ? folder.path : `${folder.path}/`;
  return uri.path.startsWith(base) ? uri.path.slice(base.length) : undefined;
}

/** `file:///a/b/c.ts` → `file:///a/b`, `file:///a` (not the root: no file is deleted with it). */
function foldersAbove(uri: string): string[] {
  const scheme = uri.indexOf('://');
  const root = scheme < 0 ? 0 : uri.indexOf('/', scheme + 3);
  const folders: string[] = [];
  for (let slash = uri.lastIndexOf('/'); slash > root && root >= 0; slash = uri.lastIndexOf('/', slash - 1)) folders.push(uri.slice(0, slash));
  return folders;
}

function isUnder(uri: string, folder: string): boolean {
  return uri.length > folder.length && uri.startsWith(folder) && (folder.endsWith('/') || uri[folder.length] === '/');
}
