// The Segments in Code view's data: one row per segment id that occurs in the workspace's files (named
// from the workspaces' lists and caches, never a request), sorted by name, and the ids no workspace
// knows in a group at the end; under each, its `file:line` rows. It follows the index file by file:
// a changed file re-counts only the ids it held or holds, and the tree is told only of those rows
// unless the order or the set of rows changed.
import * as vscode from 'vscode';
import { Disposable } from '../../common/lifecycle';
import { lazy } from '../../common/lazy';
import { saysSegment } from '../../segments/code/codeScan';
import type { ReferenceIndex } from '../../segments/code/referenceIndex';
import { forPlainText } from '../../segments/inertText';
import type { SegmentResolver } from '../../segments/segmentResolver';
import { type CodeLocationNode, type CodeSegmentNode, type CodeUnknownGroupNode, type ReferenceNode, countText, isShown } from './referencesNodes';

/** The part of Workspaces the view reads: names without a request, and whether to say whose. */
export interface ReferencesWorkspaces {
  readonly resolver: Pick<SegmentResolver, 'named'>;
  readonly several: boolean;
  preferredFor(uri: vscode.Uri | undefined): string | undefined;
}

export interface ReferenceCounts {
  readonly references: number;
  readonly segments: number;
  readonly files: number;
}

export class ReferencesTree extends Disposable implements vscode.TreeDataProvider<ReferenceNode> {
  private readonly changed = this._register(new vscode.EventEmitter<ReferenceNode | ReferenceNode[] | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  /** Every id of the index, shown or not (an id the code does not call a segment shows once a workspace knows it). */
  private readonly segments = new Map<string, CodeSegmentNode>();
  /** Which ids each file held when last counted: a change to a file touches those and its new ones. */
  private readonly idsByUri = new Map<string, ReadonlySet<string>>();
  private readonly unknownGroup: CodeUnknownGroupNode = { kind: 'codeUnknownGroup' };
  private roots: ReferenceNode[] = [];
  private unknown: CodeSegmentNode[] = [];
  private readonly dirtyUris = new Set<string>();
  private dirtyAll = true;
  private renameIds: Set<string> | 'all' | undefined;
  // Built on first sort, not at activation: a collator costs ~10 ms to make.
  private readonly collator = lazy(() => new Intl.Collator('en', { sensitivity: 'base', numeric: true }));
  /** Each folder's preferred workspace, for the refresh under way. */
  private readonly preferred = new Map<string, string | undefined>();

  constructor(
    private readonly index: ReferenceIndex,
    private readonly workspaces: ReferencesWorkspaces,
  ) {
    super();
  }

  /** These files' entries changed in the index: counted again at the next `refresh`. */
  markChanged(uris: readonly string[]): void {
    for (const uri of uris) this.dirtyUris.add(uri);
  }

  /** What the workspaces know of these ids (or of every id) changed: names and grouping looked up again. */
  markRenamed(ids?: readonly string[]): void {
    if (!ids || this.renameIds === 'all') {
      this.renameIds = 'all';
      return;
    }
    const set = this.renameIds ?? new Set<string>();
    for (const id of ids) set.add(id);
    this.renameIds = set;
  }

  get pending(): boolean {
    return this.dirtyAll || this.dirtyUris.size > 0 || this.renameIds !== undefined;
  }

  /** Brings the rows up to date and tells the tree which changed. */
  refresh(): void {
    if (!this.pending) return;
    this.preferred.clear();
    const affected = new Set<string>();
    if (this.dirtyAll) {
      this.dirtyAll = false;
      this.dirtyUris.clear();
      this.idsByUri.clear();
      for (const id of this.segments.keys()) affected.add(id);
      const uris = new Set<string>();
      for (const { id } of this.index.ids()) {
        affected.add(id);
        for (const { uri } of this.index.references(id)) uris.add(uri);
      }
      for (const uri of uris) this.noteFile(uri);
    } else {
      for (const uri of this.dirtyUris) {
        for (const id of this.idsByUri.get(uri) ?? []) affected.add(id);
        for (const id of this.noteFile(uri)) affected.add(id);
      }
      this.dirtyUris.clear();
    }
    const renamed = this.renameIds;
    this.renameIds = undefined;
    if (renamed === 'all') for (const id of this.segments.keys()) affected.add(id);
    else for (const id of renamed ?? []) if (this.segments.has(id)) affected.add(id);
    if (!affected.size) return;

    const changedNodes: CodeSegmentNode[] = [];
    let layout = false;
    for (const id of affected) {
      const before = this.segments.get(id);
      const after = this.count(id, before);
      if (!after) {
        if (before) {
          this.segments.delete(id);
          layout ||= isShown(before);
        }
        continue;
      }
      changedNodes.push(after.node);
      layout ||= after.moved;
    }
    if (layout) {
      this.arrange();
      this.changed.fire(undefined);
      return;
    }
    const redraw = new Set<ReferenceNode>();
    for (const node of changedNodes) {
      if (!isShown(node)) continue;
      redraw.add(node.known ? node : this.unknownGroup);
    }
    if (redraw.size) this.changed.fire([...redraw]);
  }

  /** The counts the view's message says: shown rows only. */
  counts(): ReferenceCounts {
    let references = 0;
    let segments = 0;
    for (const node of this.segments.values()) {
      if (!isShown(node)) continue;
      references += node.references;
      segments++;
    }
    let files = 0;
    for (const ids of this.idsByUri.values()) {
      for (const id of ids) {
        const node = this.segments.get(id);
        if (node && isShown(node)) {
          files++;
          break;
        }
      }
    }
    return { references, segments, files };
  }

  getChildren(node?: ReferenceNode): ReferenceNode[] {
    if (!node) return this.roots;
    switch (node.kind) {
      case 'codeUnknownGroup':
        return this.unknown;
      case 'codeSegment':
        return this.index.references(node.id).map((reference) => ({ kind: 'codeLocation', segment: node, reference }));
      case 'codeLocation':
        return [];
    }
  }

  getParent(node: ReferenceNode): ReferenceNode | undefined {
    switch (node.kind) {
      case 'codeLocation':
        return this.segments.get(node.segment.id);
      case 'codeSegment':
        return node.known ? undefined : this.unknownGroup;
      case 'codeUnknownGroup':
        return undefined;
    }
  }

  /** The row of `id`, if it is shown: for `reveal`. */
  segmentNode(id: string): CodeSegmentNode | undefined {
    const node = this.segments.get(id);
    return node && isShown(node) ? node : undefined;
  }

  getTreeItem(node: ReferenceNode): vscode.TreeItem {
    switch (node.kind) {
      case 'codeUnknownGroup':
        return this.groupItem();
      case 'codeSegment':
        return this.segmentItem(node);
      case 'codeLocation':
        return locationItem(node);
    }
  }

  /** Records which ids `uri` holds now; returns them. */
  private noteFile(uri: string): ReadonlySet<string> {
    const ids = new Set(this.index.inFile(uri).map((reference) => reference.occurrence.id));
    if (ids.size) this.idsByUri.set(uri, ids);
    else this.idsByUri.delete(uri);
    return ids;
  }

  /**
   * Counts `id` afresh into its node (made on first sight). `moved`: it appeared, went, or its place
   * changed (its name, known or not, shown or not), so the roots are arranged again.
   */
  private count(id: string, node: CodeSegmentNode | undefined): { node: CodeSegmentNode; moved: boolean } | undefined {
    const references = this.index.references(id);
    if (!references.length) return undefined;
    const files = new Set<string>();
    let says = false;
    for (const reference of references) {
      files.add(reference.uri);
      says ||= saysSegment(reference.occurrence);
    }
    const named = this.workspaces.resolver.named(id, this.preferredFor(references[0].uri));
    const fresh = { name: named?.name, workspace: named?.workspace.name, known: named !== undefined, saysSegment: says, references: references.length, files: files.size };
    if (!node) {
      const created: CodeSegmentNode = { kind: 'codeSegment', id, ...fresh };
      this.segments.set(id, created);
      return { node: created, moved: isShown(created) };
    }
    const wasShown = isShown(node);
    const nowShown = fresh.known || fresh.saysSegment;
    // Rows that are not shown before or after can change as they like: nobody sees them.
    const moved = (wasShown || nowShown) && (wasShown !== nowShown || node.name !== fresh.name || node.known !== fresh.known);
    Object.assign(node, fresh);
    return { node, moved };
  }

  /**
   * The workspace the folder of `uri` targets (`braze.workspace`), asked first for a name. Read once
   * per folder per refresh: thousands of ids share a handful of folders.
   */
  private preferredFor(uri: string): string | undefined {
    const parsed = vscode.Uri.parse(uri);
    const folder = vscode.workspace.getWorkspaceFolder(parsed)?.uri.toString() ?? '';
    if (!this.preferred.has(folder)) this.preferred.set(folder, this.workspaces.preferredFor(parsed));
    return this.preferred.get(folder);
  }

  /** Known ids by name (then id), and the unknown ones by id in their group at the end. */
  private arrange(): void {
    const known: CodeSegmentNode[] = [];
    const unknown: CodeSegmentNode[] = [];
    for (const node of this.segments.values()) {
      if (!isShown(node)) continue;
      (node.known ? known : unknown).push(node);
    }
    known.sort((a, b) => this.collator().compare(a.name ?? a.id, b.name ?? b.id) || (a.id < b.id ? -1 : 1));
    unknown.sort((a, b) => (a.id < b.id ? -1 : 1));
    this.unknown = unknown;
    this.roots = unknown.length ? [...known, this.unknownGroup] : known;
  }

  private segmentItem(node: CodeSegmentNode): vscode.TreeItem {
    const name = node.name ? forPlainText(node.name) : undefined;
    const label = name ?? node.id;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `segment:${node.id}`;
    const workspace = node.workspace === undefined ? undefined : forPlainText(node.workspace);
    const counts = countText(node.references, node.files);
    item.description = this.workspaces.several && workspace ? `${workspace} · ${counts}` : counts;
    item.tooltip = [
      label,
      vscode.l10n.t('Id: {0}', node.id),
      ...(node.known
        ? workspace
          ? [vscode.l10n.t('Workspace: {0}', workspace)]
          : []
        : [vscode.l10n.t('None of your Braze workspaces lists this id, or has looked it up: deleted, archived, or from another workspace.')]),
      counts,
    ].join('\n');
    item.iconPath = new vscode.ThemeIcon(node.known ? 'organization' : 'question');
    item.contextValue = node.known ? 'brazeCodeSegment' : 'brazeCodeUnknownId';
    item.accessibilityInformation = { label: node.known ? vscode.l10n.t('{0}, segment, {1}', label, counts) : vscode.l10n.t('{0}, unknown id, {1}', label, counts) };
    return item;
  }

  private groupItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Unknown ids'), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = 'unknown';
    item.description = `${this.unknown.length.toLocaleString('en')}`;
    item.tooltip =
      this.unknown.length === 1
        ? vscode.l10n.t('1 id the code calls a segment that none of your Braze workspaces lists or has looked up.')
        : vscode.l10n.t('{0} ids the code calls a segment that none of your Braze workspaces lists or has looked up.', this.unknown.length.toLocaleString('en'));
    item.iconPath = new vscode.ThemeIcon('question');
    item.contextValue = 'brazeCodeUnknownGroup';
    return item;
  }
}

function locationItem(node: CodeLocationNode): vscode.TreeItem {
  const { reference } = node;
  const { line, start, end } = reference.occurrence;
  const uri = vscode.Uri.parse(reference.uri);
  const place = `${vscode.workspace.asRelativePath(uri)}:${line + 1}`;
  const preview = forPlainText(reference.preview);
  const item = new vscode.TreeItem(place, vscode.TreeItemCollapsibleState.None);
  item.id = `at:${node.segment.id}:${reference.uri}:${line}:${start}`;
  item.resourceUri = uri;
  item.description = preview;
  item.tooltip = `${place}:${start + 1}\n${preview}`;
  item.contextValue = 'brazeCodeReference';
  const selection = new vscode.Range(line, start, line, end);
  item.command = { command: 'vscode.open', title: vscode.l10n.t({ message: 'Open', args: [], comment: ['Opens the file at the reference'] }), arguments: [uri, { selection, preserveFocus: false } satisfies vscode.TextDocumentShowOptions] };
  item.accessibilityInformation = { label: `${place}: ${preview}` };
  return item;
}
