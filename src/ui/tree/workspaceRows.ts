// What one workspace shows in the Segments view: its rows (filtered, sorted, grouped by the pure
// catalogArrangement functions), the notice above them when they are not the whole truth, the state
// the view's welcome content keys on, and the words of its own row when there are several. Free of
// 'vscode': it maps a catalog's state to plain data, and the tree maps that to tree items.
import type { BrazeError } from '../../braze/errors';
import type { SegmentSummary } from '../../braze/model';
import { ListArranger, type SegmentSort, type TagGroup } from '../../segments/catalogArrangement';
import { describeError } from '../../segments/errorText';
import { formatRelative } from '../../segments/format';
import { retryDelay } from '../../segments/retryPlan';
import { MAX_LIST_PAGES, type CatalogState } from '../../segments/segmentCatalog';
import type { SegmentNode } from './segmentNodes';

/**
 * Where one workspace's list stands. A failure has one state per cause, so that the welcome text
 * (one workspace) or the workspace's row (several) can say what happened and offer its fix.
 */
export type WorkspaceState =
  | 'noKey'
  | 'noListPermission'
  | 'invalidKey'
  | 'offline'
  | 'rateLimited'
  | 'serverError'
  | 'failed'
  | 'loading'
  | 'empty'
  | 'noMatch'
  | 'rows';

/** What the view shows when it has no rows; package.json's viewsWelcome keys on these values. */
export type EmptyState = 'noEndpoint' | WorkspaceState;

export interface TreeOptions {
  filter?: string;
  groupByTag: boolean;
  sort: SegmentSort;
  /** How many rows a list shows (by `listKey`): ROWS_PER_PAGE until its "Show more" row is clicked. */
  limit?(list: string): number | undefined;
}

/** The part of a Workspace the rows are drawn from (a Workspace is one). */
export interface RowSource {
  readonly name: string;
  readonly instance: string;
  readonly label: string;
  /** Whether a key is stored; undefined until first read. */
  readonly keyState: boolean | undefined;
  readonly catalog: { readonly state: CatalogState };
}

export interface WorkspaceRows {
  readonly state: WorkspaceState;
  /**
   * The rows above its segments (a notice), or in their place (why there are none, with several
   * workspaces). Its rows are these, then its segments or its tag groups: the view's own with one
   * workspace, the children of its row with several.
   */
  readonly lead: SegmentNode[];
  /** Its segments, filtered and sorted (all of them: the tree shows the first few). */
  readonly segments: readonly SegmentSummary[];
  /** Its tag groups, when grouped by tag. */
  readonly groups: readonly TagGroup[] | undefined;
  /** Segments that match the filter, and all that are loaded. */
  readonly shown: number;
  readonly total: number;
  readonly complete: boolean;
  /** Its row's description ("1,234 segments", "no API key", "failed · Retry"). */
  readonly description: string;
  /** Its row's tooltip: the state in a sentence. */
  readonly sentence: string;
}

/**
 * Arranges one workspace. `nested`: it is one of several, so a workspace without rows shows a row
 * that says why (one workspace says it with the view's welcome content instead). `arranger`: this
 * workspace's own, which remembers its last arrangement (same list, filter and sort: no work).
 */
export function arrangeWorkspace(source: RowSource, options: TreeOptions, nested: boolean, arranger = new ListArranger()): WorkspaceRows {
  const catalog = source.catalog.state;
  const matching = arranger.arrange(catalog.segments, { filter: options.filter });
  const segments = options.groupByTag ? matching : arranger.arrange(catalog.segments, { filter: options.filter, sort: options.sort });
  const groups = options.groupByTag ? arranger.groups(catalog.segments, { filter: options.filter, sort: options.sort }) : undefined;
  const hasRows = matching.length > 0;
  const state = stateOf(source.keyState, catalog, options.filter, matching.length);
  const notice = hasRows ? noticeOf(source) : undefined;
  const lead = notice ? [notice] : hasRows || !nested ? [] : standInRows(source, state);
  const counts = { shown: matching.length, total: catalog.segments.length, filtered: options.filter !== undefined };
  return {
    state,
    lead,
    segments,
    groups,
    shown: counts.shown,
    total: counts.total,
    complete: catalog.complete,
    description: describeState(state, catalog, counts),
    sentence: stateSentence(source, state, counts, notice),
  };
}

/** Where the list stands, for rows already arranged (`shown` of them match the filter). */
export function stateOf(keyState: boolean | undefined, catalog: CatalogState, filter: string | undefined, shown: number): WorkspaceState {
  if (shown) return 'rows';
  if (keyState === false) return 'noKey';
  // Not known yet: the read of SecretStorage settles in a moment.
  if (keyState === undefined || catalog.loading) return 'loading';
  const { error } = catalog;
  if (error && error.kind !== 'aborted') return failureState(error);
  if (catalog.segments.length && filter) return 'noMatch';
  return catalog.complete ? 'empty' : 'loading';
}

function failureState(error: BrazeError): WorkspaceState {
  switch (error.kind) {
    case 'missing-permission':
      return 'noListPermission';
    case 'invalid-key':
      return 'invalidKey';
    case 'network':
    case 'timeout':
    case 'not-sent':
    case 'proxy':
    case 'certificate':
      return 'offline';
    case 'rate-limited':
      return 'rateLimited';
    case 'server':
    case 'invalid-response':
    case 'too-large':
      return 'serverError';
    default:
      return 'failed';
  }
}

/** States that a click on Retry (and often the view by itself) can end. */
const RETRY_STATES: ReadonlySet<WorkspaceState> = new Set(['offline', 'rateLimited', 'serverError', 'failed']);

/** Whether the workspace's row offers Retry: a failed load, with rows or without. */
export function hasFailed(rows: WorkspaceRows): boolean {
  return RETRY_STATES.has(rows.state) || rows.lead.some((row) => row.kind === 'notice' && row.action === 'retry');
}

/**
 * The notice row above the rows, when they are not the whole truth: which rows these are, why the
 * load stopped, and (for a failure) that a click retries.
 */
function noticeOf(source: RowSource): SegmentNode | undefined {
  const { error, segments, stopped, previousRows, loadedAt } = source.catalog.state;
  const workspace = source.name;
  const count = segments.length.toLocaleString('en');
  if (error && error.kind !== 'aborted') {
    const reason = describeError(error, source.instance).message;
    const which = previousRows
      ? `Showing the ${count} segments loaded ${loadedAt ? formatRelative(new Date(loadedAt)) : 'before'}.`
      : `Showing the first ${count} segments: the rest did not load.`;
    return { kind: 'notice', workspace, label: previousRows ? 'Refresh failed' : 'Loading stopped', detail: `${reason} ${which}`, action: 'retry' };
  }
  if (stopped === 'repeated-page') {
    return { kind: 'notice', workspace, label: `${count} segments: Braze repeated a page`, detail: `Showing ${count} segments: Braze sent the same page again, so loading stopped there.` };
  }
  if (stopped === 'page-cap') {
    const detail = `Showing the first ${count} segments: the view reads at most ${MAX_LIST_PAGES.toLocaleString('en')} pages. Use Look Up Segment for the others.`;
    return { kind: 'notice', workspace, label: `First ${count} segments`, detail };
  }
  return undefined;
}

/** What a failure's row is called, one per cause. */
const FAILURE_LABELS: Partial<Record<WorkspaceState, string>> = {
  offline: 'Could not reach Braze',
  rateLimited: 'Rate limit reached',
  serverError: 'Braze had a problem answering',
  failed: 'Loading failed',
};

/** The rows of one of several workspaces that has no segment rows: why, and the fix. */
function standInRows(source: RowSource, state: WorkspaceState): SegmentNode[] {
  const workspace = source.name;
  const detail = stateSentence(source, state, { shown: 0, total: source.catalog.state.segments.length, filtered: false });
  const setKey: SegmentNode = { kind: 'notice', workspace, label: 'Set API Key…', detail, action: 'setApiKey', icon: 'key' };
  switch (state) {
    case 'noKey':
      return [setKey];
    case 'noListPermission':
      return [{ kind: 'notice', workspace, label: 'Missing permission segments.list', detail, icon: 'lock' }, { ...setKey, detail: 'Set a key that has segments.list.' }];
    case 'invalidKey':
      return [{ kind: 'notice', workspace, label: 'API key rejected', detail, icon: 'error' }, { ...setKey, detail: 'Set the key again, or another one.' }];
    case 'loading':
      return [{ kind: 'notice', workspace, label: 'Loading segments…', detail, icon: 'loading~spin' }];
    case 'empty':
      return [{ kind: 'notice', workspace, label: 'No segments yet', detail }];
    case 'noMatch':
      return [{ kind: 'notice', workspace, label: 'No segment matches the filter', detail, action: 'clearFilter', icon: 'filter' }];
    case 'rows':
      return [];
    default:
      return [{ kind: 'notice', workspace, label: FAILURE_LABELS[state] ?? 'Loading failed', detail, action: 'retry' }];
  }
}

interface Counts {
  shown: number;
  total: number;
  filtered: boolean;
}

function segmentCount(count: number): string {
  return `${count.toLocaleString('en')} ${count === 1 ? 'segment' : 'segments'}`;
}

/** A workspace row's description: short, the state first. */
function describeState(state: WorkspaceState, catalog: CatalogState, { shown, total, filtered }: Counts): string {
  switch (state) {
    case 'rows': {
      const count = filtered ? `${shown.toLocaleString('en')} of ${segmentCount(total)}` : segmentCount(total);
      if (catalog.loading) return `${count} · loading…`;
      if (catalog.error && catalog.error.kind !== 'aborted') return `${count} · ${catalog.previousRows ? 'refresh failed' : 'loading stopped'}`;
      return catalog.complete ? count : `${count}…`;
    }
    case 'noKey':
      return 'no API key';
    case 'noListPermission':
      return `missing permission ${catalog.error?.permission ?? 'segments.list'}`;
    case 'invalidKey':
      return 'API key rejected';
    case 'offline':
      return 'offline · Retry';
    case 'rateLimited':
      return 'rate limited · Retry';
    case 'serverError':
      return 'Braze error · Retry';
    case 'failed':
      return 'failed · Retry';
    case 'loading':
      return 'loading…';
    case 'empty':
      return 'no segments';
    case 'noMatch':
      return `0 of ${segmentCount(total)}`;
  }
}

/** The state in a sentence, for a workspace row's tooltip and a stand-in row's. */
function stateSentence(source: RowSource, state: WorkspaceState, { shown, total, filtered }: Counts, notice?: SegmentNode): string {
  const { error } = source.catalog.state;
  switch (state) {
    case 'rows': {
      const { loading, complete } = source.catalog.state;
      const listed = loading && !complete ? `${segmentCount(total)} loaded so far.` : `${segmentCount(total)} listed.`;
      const match = filtered ? ` ${shown.toLocaleString('en')} ${shown === 1 ? 'matches' : 'match'} the filter.` : '';
      return `${listed}${match}${notice?.kind === 'notice' ? ` ${notice.detail}` : ''}`;
    }
    case 'noKey':
      return `No API key is set for ${source.label}. Set one to list its segments: it is kept in VS Code's secret storage.`;
    case 'loading':
      return 'Loading segments from Braze…';
    case 'empty':
      return 'This Braze workspace has no segments yet.';
    case 'noMatch':
      return `None of its ${segmentCount(total)} matches the filter.`;
    case 'noListPermission':
      return `${error ? describeError(error, source.instance).message : 'This key lacks the segments.list permission.'} Hovers and Look Up Segment still work.`;
    default: {
      if (!error) return 'Loading failed.';
      const again = retryDelay(error, 1) !== undefined ? ' The view tries again by itself.' : '';
      return `${describeError(error, source.instance).message}${again}`;
    }
  }
}
