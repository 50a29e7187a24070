// Problems (source "Braze") for segment ids in code: an id the code calls a segment that no workspace
// knows, a segment of another workspace than the folder's `braze.workspace`, and a REST API key
// written into source. Open documents are always checked (as typed, debounced); every file of the
// code index only while the Segments in Code view is showing (`setWorkspaceWide`). What is known
// comes from SegmentChecks, which asks Braze within a budget; this class only turns its answers into
// Diagnostics, and sets a file's again only when they changed (each set crosses to the workbench).
import * as vscode from 'vscode';
import { Emitter, type Event } from '../../common/events';
import { Disposable, type IDisposable, disposableTimeout, toDisposable } from '../../common/lifecycle';
import { type IdOccurrence, saysSegment } from '../../segments/code/codeScan';
import { type CodeProblem, type ProblemPlace, problemOf } from '../../segments/code/segmentCheckProblems';
import type { SegmentCheck, SegmentChecks, WantedId } from '../../segments/code/segmentChecks';
import type { ReferenceIndex } from '../../segments/code/referenceIndex';
import { isRepositoryDocument } from './codeDocuments';
import type { DocumentScans } from './documentScans';
import type { Workspaces } from '../workspaces';

/** The Problems panel's name for them, and every Diagnostic's `source`. */
export const DIAGNOSTIC_COLLECTION = 'braze';
export const DIAGNOSTIC_SOURCE = 'Braze';

/** What SegmentProblems needs of the code index (CodeIndex has it). */
export interface ProblemsCodeIndex {
  readonly index: ReferenceIndex;
  readonly documents: DocumentScans;
  /** Scans the workspace's files once (later calls join or return at once). */
  ensureScanned(): Promise<void>;
}

export interface SegmentProblemsDeps {
  workspaces: Workspaces;
  checks: SegmentChecks;
  codeIndex: ProblemsCodeIndex;
}

/**
 * Where the quick fixes are offered (registerCodeActionsProvider): any document, as they act only on
 * our own problems, which only the repository's files get (`isRepositoryDocument`), on whatever file
 * system the workspace lives.
 */
export const PROBLEM_DOCUMENT_SELECTOR: vscode.DocumentFilter[] = [{ scheme: '*' }];
/** How long typing pauses before a document is checked again. */
const TYPING_DELAY_MS = 300;
/** Answers arrive in bursts (a list page, a few details): one redraw for each burst. */
const REDRAW_DELAY_MS = 250;
/** Files redrawn between two yields to the extension host, so that a large workspace never blocks it. */
const FILES_PER_SLICE = 250;

const ONE_WORKSPACE: ProblemPlace = { several: false, preferred: undefined };

const SEVERITY: Record<CodeProblem['severity'], vscode.DiagnosticSeverity> = {
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

/** What one slice of a redraw computes once: the answer for each id, the place of each folder. */
interface Memo {
  readonly answers: Map<string, SegmentCheck>;
  readonly places: Map<string, ProblemPlace>;
}

const newMemo = (): Memo => ({ answers: new Map(), places: new Map() });

interface Shown {
  readonly uri: vscode.Uri;
  /** The problems as text, to tell whether a redraw changed anything. */
  readonly signature: string;
}

export class SegmentProblems extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection(DIAGNOSTIC_COLLECTION));
  /** The eligible open documents, by URI string. */
  private readonly open = new Map<string, vscode.TextDocument>();
  /** What the collection holds, by URI string. */
  private readonly shown = new Map<string, Shown>();
  private readonly typing = new Map<string, IDisposable>();
  /** Files to redraw, and whether every file is to be. */
  private readonly pending = new Set<string>();
  private pendingAll = false;
  private redrawTimer: IDisposable | undefined;
  private draining = false;
  private workspaceWide = false;
  private readonly statusChanged = this._register(new Emitter<void>());

  /** What `status` says may have changed. */
  readonly onDidChangeStatus: Event<void> = this.statusChanged.event;

  constructor(private readonly deps: SegmentProblemsDeps) {
    super();
    const { workspaces, checks, codeIndex } = deps;
    this._register(
      toDisposable(() => {
        for (const timer of this.typing.values()) timer.dispose();
        this.redrawTimer?.dispose();
      }),
    );
    // "Open" is what the user has in a tab: VS Code keeps a closed tab's document loaded for a while
    // (and loads documents no tab shows), and those are not the user's business any more.
    this._register(vscode.window.tabGroups.onDidChangeTabs(() => this.syncOpen()));
    this._register(vscode.workspace.onDidOpenTextDocument(() => this.syncOpen()));
    this._register(vscode.workspace.onDidChangeTextDocument(({ document }) => this.typed(document)));
    this._register(vscode.workspace.onDidCloseTextDocument((document) => this.closed(document)));
    // Lists and details arrive, keys are set, workspaces come and go: the checks say which ids.
    this._register(checks.onDidChange(({ ids }) => this.answersChanged(ids)));
    this._register(checks.onDidChangeStatus(() => this.statusChanged.fire()));
    // A folder's braze.workspace changed: which workspace is "this folder's" may have too.
    this._register(workspaces.onDidChangeProblems(() => this.scheduleRedraw()));
    this._register(workspaces.onDidChange(() => this.statusChanged.fire()));
    this._register(
      codeIndex.index.onDidChange(({ uris }) => {
        if (this.workspaceWide) this.scheduleRedraw(uris);
      }),
    );
    this.syncOpen();
  }

  /**
   * Checks every file of the code index (on) or only the open documents (off): the Segments in Code
   * view calls it as it shows and hides, so a workspace-wide check costs nothing while nobody looks.
   */
  setWorkspaceWide(on: boolean): void {
    if (on === this.workspaceWide || this.isDisposed) return;
    this.workspaceWide = on;
    if (on) {
      void this.deps.codeIndex.ensureScanned().then(
        () => this.scheduleRedraw(),
        () => undefined, // the index says why in its own view; the open documents are still checked
      );
    }
    this.scheduleRedraw();
  }

  get isWorkspaceWide(): boolean {
    return this.workspaceWide;
  }

  /** One line for the Segments in Code view when ids cannot be checked, else undefined. */
  get status(): string | undefined {
    const { noWorkspace, noKey, pausedUntil } = this.deps.checks.status;
    if (noWorkspace) return vscode.l10n.t('Select a Braze REST endpoint and set an API key to check segment ids for problems.');
    if (noKey) return vscode.l10n.t('Set an API key to check segment ids for problems.');
    if (pausedUntil) return vscode.l10n.t('Checking segment ids paused until {0}: less than 5% of the Braze rate limit is left.', pausedUntil.toLocaleTimeString());
    return undefined;
  }

  // ---- Documents --------------------------------------------------------------------------------

  /** Checks the documents shown in tabs, and stops checking those no tab shows any more. */
  private syncOpen(): void {
    const shown = new Set<string>();
    for (const group of vscode.window.tabGroups.all) {
      for (const tab of group.tabs) {
        const { input } = tab;
        if (input instanceof vscode.TabInputText) shown.add(input.uri.toString());
        else if (input instanceof vscode.TabInputTextDiff) shown.add(input.modified.toString());
        else if (input instanceof vscode.TabInputNotebook) shown.add(input.uri.toString());
      }
    }
    for (const document of vscode.workspace.textDocuments) {
      const key = document.uri.toString();
      const inTab = shown.has(key) || shownNotebook(document, shown);
      if (inTab && !this.open.has(key)) this.opened(document);
    }
    for (const [key, document] of [...this.open]) {
      const inTab = shown.has(key) || shownNotebook(document, shown);
      if (!inTab || document.isClosed) this.closed(document);
    }
  }

  private opened(document: vscode.TextDocument): void {
    if (!isRepositoryDocument(document)) return;
    const key = document.uri.toString();
    this.open.set(key, document);
    this.redraw(key, newMemo());
  }

  private typed(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (!this.open.has(key)) return;
    this.typing.get(key)?.dispose();
    this.typing.set(
      key,
      disposableTimeout(() => {
        this.typing.delete(key);
        this.redraw(key, newMemo());
      }, TYPING_DELAY_MS),
    );
  }

  private closed(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (!this.open.delete(key)) return;
    this.typing.get(key)?.dispose();
    this.typing.delete(key);
    // Its problems go, unless the whole workspace is checked: then the index's copy of it counts.
    this.redraw(key, newMemo());
  }

  // ---- Redraws ----------------------------------------------------------------------------------

  private answersChanged(ids: readonly string[] | undefined): void {
    if (ids === undefined) return this.scheduleRedraw();
    // Only the files holding these ids can change: the open documents (maybe unsaved, so not
    // looked up in the index) and, workspace-wide, the index's files that hold them.
    const uris = new Set(this.open.keys());
    if (this.workspaceWide) for (const id of ids) for (const reference of this.deps.codeIndex.index.references(id)) uris.add(reference.uri);
    this.scheduleRedraw(uris);
  }

  /** Redraws `uris` (every file when undefined) soon, in slices. */
  private scheduleRedraw(uris?: Iterable<string>): void {
    if (this.isDisposed) return;
    if (uris === undefined) this.pendingAll = true;
    else for (const uri of uris) this.pending.add(uri);
    if (this.redrawTimer || this.draining) return;
    this.redrawTimer = disposableTimeout(() => {
      this.redrawTimer = undefined;
      void this.drain();
    }, REDRAW_DELAY_MS);
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (!this.isDisposed) {
        if (this.pendingAll) {
          this.pendingAll = false;
          for (const key of this.everyFile()) this.pending.add(key);
        }
        if (!this.pending.size) break;
        // One memo per slice: answers stay the same within it, and many files share their ids.
        const memo = newMemo();
        let count = 0;
        for (const key of this.pending) {
          this.pending.delete(key);
          this.redraw(key, memo);
          if (++count >= FILES_PER_SLICE) break;
        }
        if (this.pending.size || this.pendingAll) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.draining = false;
    }
  }

  /** Every file that has or may have problems: open documents, the index's files when workspace-wide, and those shown. */
  private everyFile(): Set<string> {
    const keys = new Set<string>([...this.open.keys(), ...this.shown.keys()]);
    if (this.workspaceWide) {
      const { index } = this.deps.codeIndex;
      for (const { id } of index.ids()) for (const reference of index.references(id)) keys.add(reference.uri);
    }
    return keys;
  }

  /** Sets the problems of one file from its open document, else from the index, else removes them. */
  private redraw(key: string, memo: Memo): void {
    if (this.isDisposed) return;
    const document = this.open.get(key);
    if (document) return this.publish(key, document.uri, this.deps.codeIndex.documents.occurrencesOf(document), true, memo);
    const references = this.workspaceWide ? this.deps.codeIndex.index.inFile(key) : [];
    if (references.length) {
      return this.publish(
        key,
        this.shown.get(key)?.uri ?? vscode.Uri.parse(key, true),
        references.map((reference) => reference.occurrence),
        false,
        memo,
      );
    }
    this.forget(key);
  }

  private publish(key: string, uri: vscode.Uri, occurrences: readonly IdOccurrence[], open: boolean, memo: Memo): void {
    const place = this.placeOf(uri, memo.places);
    const preferred = place.preferred?.name;
    // Only ids the code calls segments are worth a question to Braze (never an API key's UUID).
    const wanted: WantedId[] = [];
    for (const occurrence of occurrences) if (saysSegment(occurrence)) wanted.push({ id: occurrence.id, preferred });
    this.deps.checks.want(key, wanted, { first: open });
    const check = (id: string): SegmentCheck => {
      const memoKey = `${id}:${preferred ?? ''}`;
      let answer = memo.answers.get(memoKey);
      if (!answer) memo.answers.set(memoKey, (answer = this.deps.checks.answer(id, preferred)));
      return answer;
    };
    const diagnostics: vscode.Diagnostic[] = [];
    const lines: string[] = [];
    for (const occurrence of occurrences) {
      const problem = problemOf(occurrence, check, place);
      if (!problem) continue;
      const range = new vscode.Range(occurrence.line, occurrence.start, occurrence.line, occurrence.end);
      const diagnostic = new vscode.Diagnostic(range, problem.message, SEVERITY[problem.severity]);
      diagnostic.source = DIAGNOSTIC_SOURCE;
      diagnostic.code = problem.code;
      diagnostics.push(diagnostic);
      lines.push(`${occurrence.line}:${occurrence.start}:${occurrence.end}:${problem.code}:${problem.message}`);
    }
    if (!diagnostics.length) return this.clear(key);
    const signature = lines.join('\n');
    if (this.shown.get(key)?.signature === signature) return;
    this.collection.set(uri, diagnostics);
    this.shown.set(key, { uri, signature });
  }

  /** The file shows nothing any more: its problems go, and so do its questions. */
  private forget(key: string): void {
    this.clear(key);
    this.deps.checks.release(key);
  }

  private clear(key: string): void {
    const shown = this.shown.get(key);
    if (!shown) return;
    this.collection.delete(shown.uri);
    this.shown.delete(key);
  }

  /**
   * Whether there are several workspaces, and the one the file's folder targets. `braze.workspace` is
   * a folder's setting, so it is read once per folder and slice, not once per file.
   */
  private placeOf(uri: vscode.Uri, places: Map<string, ProblemPlace>): ProblemPlace {
    const { workspaces } = this.deps;
    if (!workspaces.several) return ONE_WORKSPACE;
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri;
    const folderKey = folder?.toString() ?? '';
    let place = places.get(folderKey);
    if (!place) {
      const name = workspaces.preferredFor(folder ?? uri);
      places.set(folderKey, (place = { several: true, preferred: name === undefined ? undefined : workspaces.get(name) }));
    }
    return place;
  }
}

/** Whether `cell` is a cell of a notebook shown in a tab (its own URI is not the tab's, on any file system). */
function shownNotebook(cell: vscode.TextDocument, shown: ReadonlySet<string>): boolean {
  if (cell.uri.scheme !== 'vscode-notebook-cell') return false;
  const notebook = vscode.workspace.notebookDocuments.find((candidate) => candidate.getCells().some((c) => c.document === cell));
  return notebook !== undefined && shown.has(notebook.uri.toString());
}
