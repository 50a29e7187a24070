// Braze: Look Up Segment. Makes sure there is a workspace and a key, asks for a segment (by name from
// every workspace's list, or a pasted id; prefilled from the selection or the id under the cursor),
// then opens the detail panel, which shows the segment or says what went wrong. A picked row opens in
// its workspace; a pasted id opens in the workspace that knows it (SegmentPanels finds it).
import * as vscode from 'vscode';
import { showWarning } from '../notify';
import type { SegmentSummary } from '../../braze/model';
import { isUuid, normalizeSegmentId, segmentIdProblem } from '../../braze/segmentId';
import { Disposable, type IDisposable, toDisposable } from '../../common/lifecycle';
import { Throttle } from '../../common/throttle';
import { displayName, filterWords, SegmentHaystacks } from '../../segments/catalogArrangement';
import { segmentIdAt } from '../../segments/idDetection';
import { forIconLabel, forNotification } from '../../segments/inertText';
import type { CatalogState } from '../../segments/segmentCatalog';
import type { Workspace } from '../../segments/workspace';
import { COMMANDS } from '../commandIds';
import type { SegmentPanels } from '../panel/segmentPanels';
import type { Settings } from '../settings';
import type { Workspaces } from '../workspaces';
import { chooseFrom } from '../quickPickChoice';

export async function lookupSegment(workspaces: Workspaces, panels: SegmentPanels, settings: Settings, providedId?: unknown): Promise<string | undefined> {
  const normalized = typeof providedId === 'string' ? normalizeSegmentId(providedId) : undefined;
  const given = normalized && !segmentIdProblem(normalized) ? normalized : undefined;
  if (!(await ensureReady(workspaces))) return undefined;
  const choice = given !== undefined ? { id: given } : await new SegmentLookup(workspaces, settings).run();
  if (!choice) return undefined;
  const preferred = workspaces.preferredFor(vscode.window.activeTextEditor?.document.uri);
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Looking up segment {0}…', forNotification(choice.id)) }, async () => {
    const { loaded } = await panels.show(choice.id, { workspace: choice.workspace, preferred });
    await loaded;
  });
  return choice.id;
}

/**
 * Asks for a segment exactly as Look Up does (a workspace and a key first, then the pick), for the
 * other commands run from the palette (Copy Segment Name…); `title` names what the choice is for.
 */
export async function chooseSegment(workspaces: Workspaces, settings: Settings, title: string): Promise<SegmentChoice | undefined> {
  if (!(await ensureReady(workspaces))) return undefined;
  return new SegmentLookup(workspaces, settings, title).run();
}

/** What the user chose: a listed segment (in its workspace), or a pasted id (workspace unknown). */
export interface SegmentChoice {
  id: string;
  workspace?: string;
}

interface SegmentPick extends vscode.QuickPickItem {
  /** Empty on the no-match row, which accepting does nothing for. */
  id: string;
  workspace?: string;
}

// ---- The item model: which rows the pick shows, from the lists and the typed value. Pure. ----------

/** What the pick needs of one workspace. */
interface WorkspaceList {
  readonly name: string;
  readonly catalog: CatalogState;
  /** Its key is stored: a workspace without one has no list to wait for. */
  readonly hasKey: boolean;
}

/** The items to show and what they depend on: items are sent again only when `key` changes. */
interface Rows {
  readonly key: string;
  readonly pinnedId: string | undefined;
  items(): SegmentPick[];
}

/**
 * The rows for `typed`. Replacing the items while the user presses Enter can accept another row, so
 * they change only when they must, and a pasted id keeps the first place: first as "Look up <id>",
 * then (once a list has it) as its own named row, never twice. `pinnedId` is the id that has it.
 */
function rowsFor(typed: string, listed: readonly SegmentPick[], lists: readonly WorkspaceList[], pinnedId: string | undefined, matches: NoMatchMemo): Rows {
  const plain: Rows = { key: 'none', pinnedId: undefined, items: () => [...listed] };
  if (typed === '') return plain;
  // Only a UUID is taken as an id (in any case: Braze's are lower case). Anything else is part of a
  // name or a tag, and never turns into a request for an id that cannot exist.
  if (isUuid(typed)) {
    const id = typed.toLowerCase();
    const index = listed.findIndex((item) => item.id === id);
    if (index < 0) return { key: `lookup:${id}`, pinnedId: id, items: () => [lookupRow(id), ...listed] };
    if (pinnedId !== id) return plain;
    return { key: `listed:${id}`, pinnedId: id, items: () => [listed[index], ...listed.slice(0, index), ...listed.slice(index + 1)] };
  }
  if (matches.anyMatches(lists, typed)) return plain;
  const row = noMatchRow(typed, lists);
  // What the extra row shows: typing that changes nothing on screen sends nothing to the workbench.
  return { key: `no-match:${row.label}:${row.description ?? ''}`, pinnedId: undefined, items: () => [...listed, row] };
}

/**
 * Whether some listed segment matches what VS Code matches too: its name, tags or id, and (with
 * several workspaces, where each row names its workspace) the workspace's name.
 */
function anyMatches(lists: readonly WorkspaceList[], typed: string, haystacks: SegmentHaystacks): boolean {
  const several = lists.length > 1;
  // Per keystroke: stops at the first match, over texts built once per row.
  return lists.some(({ name, catalog }) => {
    const workspace = name.toLowerCase();
    const words = filterWords(typed).filter((word) => !(several && workspace.includes(word)));
    return catalog.segments.some((segment) => haystacks.matches(segment, words));
  });
}

/**
 * `anyMatches`, remembered for the last text: a text that matched nothing matches nothing once more
 * is typed after it (each keystroke only narrows), so typing on past "no match" reads no row again.
 */
class NoMatchMemo {
  readonly haystacks = new SegmentHaystacks();
  private last: { typed: string; from: ReadonlyArray<readonly SegmentSummary[]>; matched: boolean } | undefined;

  anyMatches(lists: readonly WorkspaceList[], typed: string): boolean {
    const from = lists.map((list) => list.catalog.segments);
    const last = this.last;
    if (last && sameArrays(from, last.from) && (typed === last.typed || (!last.matched && typed.startsWith(last.typed)))) return last.matched;
    const matched = anyMatches(lists, typed, this.haystacks);
    this.last = { typed, from, matched };
    return matched;
  }
}

/**
 * Each listed segment's row, built once per row object (a page that adds rows builds only those).
 * With several workspaces a row names its workspace: the rows are built again when that changes.
 */
class PickCache {
  private several = false;
  private byWorkspace = new Map<string, WeakMap<SegmentSummary, SegmentPick>>();

  of(segment: SegmentSummary, workspace: string, several: boolean): SegmentPick {
    if (several !== this.several) {
      this.several = several;
      this.byWorkspace = new Map();
    }
    let picks = this.byWorkspace.get(workspace);
    if (!picks) this.byWorkspace.set(workspace, (picks = new WeakMap()));
    let pick = picks.get(segment);
    if (!pick) picks.set(segment, (pick = toPick(segment, workspace, several)));
    return pick;
  }
}

/** Names, tags and even ids come from Braze: none of them may render `$(icon)`s. */
function toPick(segment: SegmentSummary, workspace: string, several: boolean): SegmentPick {
  const tags = segment.tags.join(', ');
  // With several workspaces, where it is comes first: Staging often has segments named as Production's.
  const description = several ? (tags ? `${workspace} · ${tags}` : workspace) : tags;
  return { id: segment.id, workspace, label: forIconLabel(displayName(segment)), description: forIconLabel(description), detail: forIconLabel(segment.id) };
}

function lookupRow(id: string): SegmentPick {
  return { id, label: vscode.l10n.t('$(search) Look up {0}', id), description: vscode.l10n.t('segment id'), alwaysShow: true };
}

/** The last row when no listed segment matches: says so, and what to do instead. Accepting it does nothing. */
function noMatchRow(typed: string, lists: readonly WorkspaceList[]): SegmentPick {
  return { id: '', label: vscode.l10n.t('$(info) No segment name, tag or id contains “{0}”', forIconLabel(typed)), description: noMatchHint(lists), alwaysShow: true };
}

function noMatchHint(lists: readonly WorkspaceList[]): string {
  const { lacking, keyed, loading } = listsSummary(lists);
  if (lacking.length && lacking.length === keyed.length) {
    return keyed.length > 1
      ? vscode.l10n.t('these keys cannot list segments (they lack segments.list): paste a segment id instead')
      : vscode.l10n.t('this key cannot list segments (it lacks segments.list): paste a segment id instead');
  }
  if (loading) return lists.length > 1 ? vscode.l10n.t('the lists are still loading') : vscode.l10n.t('the list is still loading');
  if (lacking.length) return vscode.l10n.t('{0}: paste a segment id to look it up directly', unlistedNote(lacking));
  return vscode.l10n.t('paste a segment id (a UUID) to look it up directly');
}

function placeholderFor(lists: readonly WorkspaceList[]): string {
  const { lacking, keyed } = listsSummary(lists);
  if (lacking.length && lacking.length === keyed.length) {
    return keyed.length > 1
      ? vscode.l10n.t('Paste a segment id (these keys cannot list segments: they lack segments.list)')
      : vscode.l10n.t('Paste a segment id (this key cannot list segments: it lacks segments.list)');
  }
  return lacking.length
    ? vscode.l10n.t('Type part of a segment name or tag, or paste a segment id ({0})', unlistedNote(lacking))
    : vscode.l10n.t('Type part of a segment name or tag, or paste a segment id');
}

/** Which workspaces have a key, which of those cannot list segments, and whether any list is loading. */
function listsSummary(lists: readonly WorkspaceList[]): { keyed: string[]; lacking: string[]; loading: boolean } {
  const keyed = lists.filter((list) => list.hasKey);
  return {
    keyed: keyed.map((list) => list.name),
    lacking: keyed.filter((list) => list.catalog.error?.kind === 'missing-permission').map((list) => list.name),
    loading: lists.some((list) => list.catalog.loading),
  };
}

/** "the segments of Staging are not listed: its key lacks segments.list". Workspace names are the user's own. */
function unlistedNote(names: readonly string[]): string {
  if (names.length < 2) return vscode.l10n.t('the segments of {0} are not listed: its key lacks segments.list', forIconLabel(names[0] ?? ''));
  const which = vscode.l10n.t({ message: '{0} and {1}', args: [names.slice(0, -1).join(', '), names[names.length - 1]], comment: ['A list of workspace names: "Staging, EU and Production"'] });
  return vscode.l10n.t('the segments of {0} are not listed: their keys lack segments.list', forIconLabel(which));
}

// ---- The QuickPick: wires the model to VS Code and to the lists' change events. ------------------
/** While lists load, the pick's rows are replaced at most this often. */
const ITEMS_INTERVAL_MS = 500;
/** The longest a build of the rows runs before it lets the extension host do something else. */
const SLICE_MS = 15;

/**
 * A quick pick over every workspace's loaded segments (matching name, tags, id and workspace) that
 * also takes a pasted id. Lists that are not complete are loaded on first use, and rows appear as
 * pages arrive.
 */
class SegmentLookup extends Disposable {
  private readonly pick = this._register(vscode.window.createQuickPick<SegmentPick>());
  // Sending thousands of items to the workbench on every keystroke would make typing lag: the rows
  // are rebuilt only when a list changes, and VS Code filters them as the user types.
  private listedFrom: ReadonlyArray<readonly SegmentSummary[]> = [];
  private listed: SegmentPick[] = [];
  private readonly picks = new PickCache();
  private readonly matches = new NoMatchMemo();
  /** While lists load, their rows are sent at most this often: each send is every row, to the workbench. */
  private readonly updates = this._register(new Throttle(ITEMS_INTERVAL_MS, () => void this.rebuild()));
  /** Counts builds of the rows: a build that a newer one overtook stops. */
  private builds = 0;
  private building = false;
  private shownKey: string | undefined;
  private pinnedId: string | undefined;
  /** The listeners on the current workspaces' lists, replaced when the workspaces change. */
  private catalogs: IDisposable | undefined;

  constructor(
    private readonly workspaces: Workspaces,
    private readonly settings: Settings,
    private readonly title = vscode.l10n.t('Look Up Braze Segment'),
  ) {
    super();
    const { pick } = this;
    pick.title = title;
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    pick.ignoreFocusOut = true;
    pick.value = idFromEditor() ?? '';
    this._register(pick.onDidChangeValue(() => this.showRows(false)));
    this._register(workspaces.onDidChange(() => this.watchLists()));
    this._register(toDisposable(() => this.catalogs?.dispose()));
    this.watchLists();
  }

  /** Shows the pick; resolves with the choice, or undefined when it was dismissed. */
  run(): Promise<SegmentChoice | undefined> {
    const accept = () => {
      const choice = this.accepted();
      if (!choice) this.pick.title = vscode.l10n.t('{0}: choose a segment, or paste a segment id (a UUID)', this.title);
      return choice;
    };
    return chooseFrom(this.pick, accept, () => this.dispose());
  }

  private accepted(): SegmentChoice | undefined {
    const selected = this.pick.selectedItems[0];
    if (selected?.id) return { id: selected.id, workspace: selected.workspace };
    const typed = this.pick.value.trim();
    return !selected && isUuid(typed) ? { id: typed.toLowerCase() } : undefined;
  }

  /** Listens to every workspace's list, and starts loading those with a key that are not complete. */
  private watchLists(): void {
    this.catalogs?.dispose();
    this.catalogs = new CatalogListeners(this.workspaces.all, () => this.listsChanged());
    for (const workspace of this.workspaces.all) {
      // Read once and kept by the workspace: this costs no SecretStorage read after ensureReady's.
      void workspace.hasKey().then((hasKey) => {
        const { state } = workspace.catalog;
        if (hasKey && !this.isDisposed && !state.complete && !state.loading) void workspace.catalog.load(this.settings.listDirection);
      });
    }
    this.updates.now();
  }

  /** A page arrived (at most every 500 ms while loading), or a list ended, failed or was dropped. */
  private listsChanged(): void {
    if (this.workspaces.all.some((workspace) => workspace.catalog.state.loading)) this.updates.schedule();
    else this.updates.now();
  }

  /**
   * Builds the rows of every list, a slice at a time: at 100,000 segments the rows take seconds to
   * build (each text is made inert), so the build yields to the extension host every SLICE_MS, and
   * shows what it has every ITEMS_INTERVAL_MS. Rows built once are kept: a page builds only its own.
   */
  private async rebuild(): Promise<void> {
    const lists = this.workspaces.all.map(listOf);
    const from = lists.map((list) => list.catalog.segments);
    if (sameArrays(from, this.listedFrom)) {
      this.showRows(true);
      return;
    }
    const build = ++this.builds;
    this.building = true;
    const several = lists.length > 1;
    const rows: SegmentPick[] = [];
    let sliceStart = performance.now();
    let shown = sliceStart;
    for (const { name, catalog } of lists) {
      for (const segment of catalog.segments) {
        rows.push(this.picks.of(segment, name, several));
        // Ready for the first keystroke's "does anything match" too.
        this.matches.haystacks.of(segment);
        if (rows.length % 64 !== 0 || performance.now() - sliceStart < SLICE_MS) continue;
        if (performance.now() - shown >= ITEMS_INTERVAL_MS) {
          this.setListed(rows.slice(), []);
          shown = performance.now();
        }
        await new Promise((resolve) => setImmediate(resolve));
        if (build !== this.builds || this.isDisposed) return;
        sliceStart = performance.now();
      }
    }
    this.building = false;
    this.setListed(rows, from);
  }

  private setListed(rows: SegmentPick[], from: ReadonlyArray<readonly SegmentSummary[]>): void {
    this.listed = rows;
    this.listedFrom = from;
    this.shownKey = undefined;
    this.showRows(true);
  }

  /**
   * Sends the rows for what is typed, when they differ from those shown. `keepActive`: the lists
   * changed (not the typing), so the row the user is on stays the active one.
   */
  private showRows(keepActive: boolean): void {
    if (this.isDisposed) return;
    const lists = this.workspaces.all.map(listOf);
    const rows = rowsFor(this.pick.value.trim(), this.listed, lists, this.pinnedId, this.matches);
    this.pinnedId = rows.pinnedId;
    if (rows.key !== this.shownKey) {
      const active = keepActive ? this.pick.activeItems[0] : undefined;
      const items = rows.items();
      this.pick.items = items;
      // Rows are kept per segment, so the row the user is on is the same object in the new items.
      if (active && active !== items[0] && items.includes(active)) this.pick.activeItems = [active];
      this.shownKey = rows.key;
    }
    this.pick.busy = this.building || lists.some((list) => list.catalog.loading);
    this.pick.placeholder = placeholderFor(lists);
  }
}


/** One listener per workspace's list, disposed together. */
class CatalogListeners extends Disposable {
  constructor(workspaces: readonly Workspace[], onChange: () => void) {
    super();
    for (const workspace of workspaces) this._register(workspace.catalog.onDidChange(onChange));
  }
}

function listOf(workspace: Workspace): WorkspaceList {
  return { name: workspace.name, catalog: workspace.catalog.state, hasKey: workspace.keyState === true };
}

/** Element by element by identity: a list's rows are a new array whenever they changed. */
function sameArrays<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/** The selection when it could be an id, else a segment id under the cursor. */
function idFromEditor(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const { selection, document } = editor;
  if (!selection.isEmpty) {
    const text = normalizeSegmentId(document.getText(selection).trim().replace(/^["'`]|["'`]$/g, ''));
    return segmentIdProblem(text) ? undefined : text;
  }
  return segmentIdAt(document.lineAt(selection.active.line).text, selection.active.character)?.id;
}

/** Offers to set what is missing; true when there is a workspace with a key afterwards. */
async function ensureReady(workspaces: Workspaces): Promise<boolean> {
  if (!workspaces.all.length) {
    // The settings' own reason when some were set but cannot be used.
    const why = workspaces.problems()[0] ?? vscode.l10n.t('No Braze REST endpoint is set.');
    const choice = await showWarning(vscode.l10n.t('{0} Select your Braze instance to look up segments.', why), vscode.l10n.t('Select REST Endpoint'));
    if (!choice || !(await vscode.commands.executeCommand<string | undefined>(COMMANDS.selectEndpoint))) return false;
    if (!workspaces.all.length) return false;
  }
  const keys = await Promise.all(workspaces.all.map((workspace) => workspace.hasKey()));
  if (keys.includes(true)) return true;
  // Set API Key asks which workspace first when there are several.
  const only = workspaces.several ? undefined : workspaces.all[0];
  const message = only
    ? vscode.l10n.t('No API key is set for {0}. Set it to look up segments.', only.label)
    : vscode.l10n.t('No API key is set for any of your Braze workspaces. Set one to look up segments.');
  const choice = await showWarning(message, vscode.l10n.t('Set API Key'));
  if (!choice) return false;
  const outcome = await vscode.commands.executeCommand<string>(COMMANDS.setApiKey, undefined, only?.name);
  return outcome === 'saved' || outcome === 'saved-lacking';
}
