// What one workspace shows in the Segments view: its rows (filtered, sorted, grouped by the pure
// catalogArrangement functions), the notice above them when they are not the whole truth, the state
// the view's welcome content keys on, and the words of its own row when there are several. Free of
// 'vscode': it maps a catalog's state to plain data, and the tree maps that to tree items.
import * as l10n from '@vscode/l10n';
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
  /** While its list loads: how far ("page 3 of ~12", or "page 3" before a complete load gives an estimate). */
  readonly progress: string | undefined;
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
    progress: progressOf(catalog),
  };
}

/** How far a load is: the page being read, of the pages the last complete load took. */
export function progressOf(catalog: CatalogState): string | undefined {
  if (!catalog.loading) return undefined;
  const expected = catalog.expectedPages;
  const page = Math.min(catalog.pagesRead + 1, expected ?? Number.MAX_SAFE_INTEGER);
  return expected === undefined
    ? l10n.t('page {0}', page.toLocaleString('en'))
    : l10n.t({ message: 'page {0} of ~{1}', args: [page.toLocaleString('en'), expected.toLocaleString('en')], comment: ['While the segment list loads: the page being read, of about how many'] });
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
      ? loadedAt
        ? l10n.t('Showing the {0} segments loaded {1}.', count, formatRelative(new Date(loadedAt)))
        : l10n.t('Showing the {0} segments loaded before.', count)
      : l10n.t('Showing the first {0} segments: the rest did not load.', count);
    return { kind: 'notice', workspace, label: previousRows ? l10n.t('Refresh failed') : l10n.t('Loading stopped'), detail: `${reason} ${which}`, action: 'retry' };
  }
  if (stopped === 'repeated-page') {
    return { kind: 'notice', workspace, label: l10n.t('{0} segments: Braze repeated a page', count), detail: l10n.t('Showing {0} segments: Braze sent the same page again, so loading stopped there.', count) };
  }
  if (stopped === 'page-cap') {
    const detail = l10n.t('Showing the first {0} segments: the view reads at most {1} pages. Use Look Up Segment for the others.', count, MAX_LIST_PAGES.toLocaleString('en'));
    return { kind: 'notice', workspace, label: l10n.t('First {0} segments', count), detail };
  }
  return undefined;
}

/** What a failure's row is called, one per cause (a function: the translation is read after activation). */
function failureLabel(state: WorkspaceState): string {
  switch (state) {
    case 'offline':
      return l10n.t('Could not reach Braze');
    case 'rateLimited':
      return l10n.t('Rate limit reached');
    case 'serverError':
      return l10n.t('Braze had a problem answering');
    default:
      return l10n.t('Loading failed');
  }
}

/** The rows of one of several workspaces that has no segment rows: why, and the fix. */
function standInRows(source: RowSource, state: WorkspaceState): SegmentNode[] {
  const workspace = source.name;
  const detail = stateSentence(source, state, { shown: 0, total: source.catalog.state.segments.length, filtered: false });
  const setKey: SegmentNode = { kind: 'notice', workspace, label: l10n.t('Set API Key…'), detail, action: 'setApiKey', icon: 'key' };
  switch (state) {
    case 'noKey':
      return [setKey];
    case 'noListPermission':
      return [{ kind: 'notice', workspace, label: l10n.t('Missing permission {0}', 'segments.list'), detail, icon: 'lock' }, { ...setKey, detail: l10n.t('Set a key that has {0}.', 'segments.list') }];
    case 'invalidKey':
      return [{ kind: 'notice', workspace, label: l10n.t('API key rejected'), detail, icon: 'error' }, { ...setKey, detail: l10n.t('Set the key again, or another one.') }];
    case 'loading': {
      const progress = progressOf(source.catalog.state);
      const label = progress ? l10n.t('Loading segments ({0})…', progress) : l10n.t('Loading segments…');
      return [{ kind: 'notice', workspace, label, detail, icon: 'loading~spin' }];
    }
    case 'empty':
      return [{ kind: 'notice', workspace, label: l10n.t('No segments yet'), detail }];
    case 'noMatch':
      return [{ kind: 'notice', workspace, label: l10n.t('No segment matches the filter'), detail, action: 'clearFilter', icon: 'filter' }];
    case 'rows':
      return [];
    default:
      return [{ kind: 'notice', workspace, label: failureLabel(state), detail, action: 'retry' }];
  }
}

interface Counts {
  shown: number;
  total: number;
  filtered: boolean;
}

function segmentCount(count: number): string {
  return count === 1 ? l10n.t('1 segment') : l10n.t('{0} segments', count.toLocaleString('en'));
}

/** A workspace row's description: short, the state first. */
function describeState(state: WorkspaceState, catalog: CatalogState, { shown, total, filtered }: Counts): string {
  switch (state) {
    case 'rows': {
      const count = filtered ? l10n.t('{0} of {1}', shown.toLocaleString('en'), segmentCount(total)) : segmentCount(total);
      const progress = progressOf(catalog);
      if (progress) return l10n.t({ message: '{0} · loading {1}…', args: [count, progress], comment: ['A workspace row: its count, and how far its list has loaded ("page 3 of ~12")'] });
      if (catalog.error && catalog.error.kind !== 'aborted') return catalog.previousRows ? l10n.t('{0} · refresh failed', count) : l10n.t('{0} · loading stopped', count);
      return catalog.complete ? count : l10n.t('{0}…', count);
    }
    case 'noKey':
      return l10n.t('no API key');
    case 'noListPermission':
      return l10n.t('missing permission {0}', catalog.error?.permission ?? 'segments.list');
    case 'invalidKey':
      return l10n.t('API key rejected');
    case 'offline':
      return l10n.t('offline · Retry');
    case 'rateLimited':
      return l10n.t('rate limited · Retry');
    case 'serverError':
      return l10n.t('Braze error · Retry');
    case 'failed':
      return l10n.t('failed · Retry');
    case 'loading': {
      const progress = progressOf(catalog);
      return progress ? l10n.t('loading {0}…', progress) : l10n.t('loading…');
    }
    case 'empty':
      return l10n.t('no segments');
    case 'noMatch':
      return l10n.t('0 of {0}', segmentCount(total));
  }
}

/** The state in a sentence, for a workspace row's tooltip and a stand-in row's. */
function stateSentence(source: RowSource, state: WorkspaceState, { shown, total, filtered }: Counts, notice?: SegmentNode): string {
  const { error } = source.catalog.state;
  switch (state) {
    case 'rows': {
      const { loading, complete } = source.catalog.state;
      const listed = loading && !complete ? l10n.t('{0} loaded so far.', segmentCount(total)) : l10n.t('{0} listed.', segmentCount(total));
      const match = filtered ? ` ${shown === 1 ? l10n.t('1 matches the filter.') : l10n.t('{0} match the filter.', shown.toLocaleString('en'))}` : '';
      return `${listed}${match}${notice?.kind === 'notice' ? ` ${notice.detail}` : ''}`;
    }
    case 'noKey':
      return l10n.t("No API key is set for {0}. Set one to list its segments: it is kept in VS Code's secret storage.", source.label);
    case 'loading': {
      const progress = progressOf(source.catalog.state);
      return progress ? l10n.t('Loading segments from Braze ({0})…', progress) : l10n.t('Loading segments from Braze…');
    }
    case 'empty':
      return l10n.t('This Braze workspace has no segments yet.');
    case 'noMatch':
      return l10n.t('None of its {0} matches the filter.', segmentCount(total));
    case 'noListPermission': {
      const reason = error ? describeError(error, source.instance).message : l10n.t('This key lacks the {0} permission.', 'segments.list');
      return l10n.t('{0} Hovers and Look Up Segment still work.', reason);
    }
    default: {
      if (!error) return l10n.t('Loading failed.');
      const message = describeError(error, source.instance).message;
      return retryDelay(error, 1) !== undefined ? l10n.t('{0} The view tries again by itself.', message) : message;
    }
  }
}
