// The Segments in Code view (`braze.references`): every segment id in the workspace's files, grouped by
// segment. It owns the TreeView and what the view says about itself (a progress bar while files are
// read, a line with the counts, a word when the file cap is reached or no key is set). Nothing is
// read until the view is first shown; after that it follows the CodeIndex, file by file, redrawing at
// most every 200 ms, and the workspaces' names as their lists and caches fill.
import * as vscode from 'vscode';
import { Emitter, type Event } from '../../common/events';
import { Throttle } from '../../common/throttle';
import { Disposable } from '../../common/lifecycle';
import { forPlainText } from '../../segments/inertText';
import type { Workspace } from '../../segments/workspace';
import type { CodeIndex } from './codeIndex';
import { type ReferenceNode, filesText, referencesText, segmentsText } from './referencesNodes';
import { ReferencesTree, type ReferencesWorkspaces } from './referencesTree';

export const REFERENCES_VIEW_ID = 'braze.references';

/** While files are read (or change in bulk, a checkout), the view redraws at most this often. */
const REDRAW_INTERVAL_MS = 200;

/** The part of Workspaces the view reads, and the events it redraws on. */
export interface ReferencesViewWorkspaces extends ReferencesWorkspaces {
  readonly onDidChange: Event<void>;
  readonly onDidChangeWorkspace: Event<Workspace>;
  readonly onDidChangeSegments: Event<{ workspace: Workspace; ids?: readonly string[] }>;
}

/**
 * A sentence for the view when ids cannot be checked (no key set anywhere, the rate budget paused),
 * and its event: SegmentProblems has both.
 */
export interface ReferencesStatus {
  readonly status: string | undefined;
  readonly onDidChangeStatus: Event<void>;
}

export class ReferencesView extends Disposable {
  readonly tree: ReferencesTree;
  readonly view: vscode.TreeView<ReferenceNode>;
  private readonly visibilityChanged = this._register(new Emitter<boolean>());
  /** The view was shown or hidden: the problems go workspace-wide while it is visible. */
  readonly onDidChangeVisibility: Event<boolean> = this.visibilityChanged.event;
  private readonly redraws = this._register(new Throttle(REDRAW_INTERVAL_MS, () => this.draw()));
  private showingProgress = false;

  /** `status`: the problems checker, whose line the view shows when ids cannot be checked. */
  constructor(
    private readonly codeIndex: CodeIndex,
    workspaces: ReferencesViewWorkspaces,
    private readonly status?: ReferencesStatus,
  ) {
    super();
    this.tree = this._register(new ReferencesTree(codeIndex.index, workspaces));
    this.view = this._register(vscode.window.createTreeView(REFERENCES_VIEW_ID, { treeDataProvider: this.tree, showCollapseAll: true }));
    this._register(
      this.view.onDidChangeVisibility(({ visible }) => {
        this.visibilityChanged.fire(visible);
        if (!visible) return;
        // The first time it is shown, the workspace is read; after that, what changed while hidden is drawn.
        this.showProgress();
        this.redraw();
      }),
    );
    this._register(
      codeIndex.onDidChange(({ uris }) => {
        this.tree.markChanged(uris);
        // A folder added while the view is open is read with the bar shown too.
        if (codeIndex.scanning && this.view.visible) this.showProgress();
        this.redrawSoon();
      }),
    );
    this._register(
      workspaces.onDidChangeSegments(({ ids }) => {
        this.tree.markRenamed(ids);
        this.redrawSoon();
      }),
    );
    const everything = () => {
      this.tree.markRenamed();
      this.redrawSoon();
    };
    this._register(workspaces.onDidChange(everything));
    // A key set or cleared changes what the status line says (and, after a load, what is known).
    this._register(workspaces.onDidChangeWorkspace(everything));
    if (status) this._register(status.onDidChangeStatus(() => this.redrawSoon()));
  }

  get visible(): boolean {
    return this.view.visible;
  }

  /** Reads the workspace (once) with the view's progress bar shown; resolves when it is read. */
  private showProgress(): void {
    if (this.showingProgress || this.isDisposed) return;
    if (this.codeIndex.scanned) return;
    this.showingProgress = true;
    void vscode.window
      .withProgress({ location: { viewId: REFERENCES_VIEW_ID } }, () => this.codeIndex.ensureScanned())
      .then(
        () => {
          this.showingProgress = false;
          this.redraw();
        },
        () => (this.showingProgress = false),
      );
  }

  private redrawSoon(): void {
    this.redraws.schedule();
  }

  private redraw(): void {
    this.redraws.now();
  }

  private draw(): void {
    // Hidden: the changes wait, counted, until it is shown again.
    if (this.isDisposed || !this.view.visible) return;
    this.tree.refresh();
    this.view.message = this.message();
  }

  /** "1,234 references to 56 segments in 789 files", and what else the user should know. */
  private message(): string | undefined {
    const { codeIndex } = this;
    const stats = codeIndex.stats;
    const parts: string[] = [];
    const { references, segments, files } = this.tree.counts();
    if (codeIndex.scanning) parts.push(vscode.l10n.t('Looking for segment ids… {0} of {1} files read.', stats.done.toLocaleString('en'), stats.files.toLocaleString('en')));
    else if (!codeIndex.scanned) return undefined;
    else if (!vscode.workspace.workspaceFolders?.length) return undefined; // the welcome content says to open a folder
    if (references) parts.push(vscode.l10n.t('{0} to {1} in {2}.', referencesText(references), segmentsText(segments), filesText(files)));
    else if (!codeIndex.scanning) parts.push(vscode.l10n.t('No segment ids in the {0} files of this workspace.', stats.files.toLocaleString('en')));
    if (stats.capped) parts.push(vscode.l10n.t('Only the first {0} files were read.', stats.maxFiles.toLocaleString('en')));
    const status = this.status?.status;
    if (status) parts.push(forPlainText(status));
    return parts.join(' ');
  }
}
