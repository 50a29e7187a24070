// Messages between the detail panel and its webview (media/panel.js). JSON only. What the webview
// sends is checked against a schema per message type before anything acts on it: the page renders
// untrusted text, so its messages are treated as untrusted too.
import * as z from 'zod/mini';
import type { FixAction } from '../../segments/errorText';
import { lazy } from '../../common/lazy';
import type { PanelSegment } from '../../segments/panelSegment';

export interface PanelError {
  message: string;
  action?: FixAction;
  actionLabel?: string;
  /** When details from an earlier fetch stay on screen below the error: which, and how old. */
  note?: string;
}

/** The size-over-time section. */
export interface SizesState {
  days: number;
  periods: readonly number[];
  loading: boolean;
  /** Epoch seconds and sizes, oldest first. */
  times?: number[];
  sizes?: number[];
  /** "12,345 on Mar 3, 2026". */
  latest?: string;
  change?: string;
  /** Why there is no chart: a missing permission reads as a short note, not an error. */
  note?: string;
  /** The sizes could not be loaded; the page offers Retry (`retrySizes`) beside it. */
  error?: PanelError;
}

export interface PanelState {
  id: string;
  instance: string;
  /** The Braze workspace's name, when the user has several: the footer says "Staging · US-03 · Fetched …". */
  workspace?: string;
  /**
   * The name of the workspace the panel belongs to, whenever it has one (shown or not): the page saves
   * the state it was sent, and after a window reload the panel is restored into this workspace.
   */
  home?: string;
  hasDashboard: boolean;
  loading: boolean;
  segment?: PanelSegment;
  /** "Fetched 5 minutes ago", shown with the data. */
  fetched?: string;
  error?: PanelError;
  /** From the segment list, when it is loaded; `false` puts a caveat on the sizes (they are estimates). */
  analyticsTracking?: boolean;
  sizes?: SizesState;
}

/**
 * Every word the page shows, translated by the host (src/ui/panel/panelStrings.ts): the page has no
 * literal of its own. `{0}`, `{1}` are filled in by the page (a count, an instance).
 */
export interface PanelStrings {
  loading: string;
  loadingSegment: string;
  segment: string;
  documentTitle: string;
  refresh: string;
  refreshing: string;
  refreshTitle: string;
  openDashboard: string;
  /** {0}: the instance ("US-03"). */
  openDashboardTitle: string;
  noDashboardTitle: string;
  revealInView: string;
  revealInViewTitle: string;
  segmentId: string;
  copy: string;
  copyIdTitle: string;
  copyName: string;
  copyNameTitle: string;
  copyLink: string;
  copyLinkTitle: string;
  copied: string;
  fix: string;
  description: string;
  noDescription: string;
  showMore: string;
  showLess: string;
  tags: string;
  teams: string;
  noTags: string;
  noTeams: string;
  /** {0}: how many more. */
  andMore: string;
  dates: string;
  created: string;
  updated: string;
  unknown: string;
  analyticsTracking: string;
  analyticsUnknown: string;
  on: string;
  off: string;
  filters: string;
  noFilters: string;
  sizeOverTime: string;
  period: string;
  /** {0}: a number of days. */
  lastDays: string;
  analyticsCaveat: string;
  retry: string;
  retrySizesTitle: string;
  loadingSizes: string;
  chart: string;
  chartSeries: string;
  /** {0}: a number of days, {1}: the latest size, {2}: the change. */
  chartLabel: string;
  chartHint: string;
}

/** `strings` comes with the answer to `ready`, before which the page shows only its skeleton. */
export type ToWebview = { type: 'state'; state: PanelState; strings?: PanelStrings } | { type: 'copied' };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'copyId' }
  | { type: 'copyName' }
  | { type: 'copyMarkdownLink' }
  /** Reveal the segment's row in the Segments view. */
  | { type: 'reveal' }
  | { type: 'openDashboard' }
  | { type: 'setDays'; days: number }
  /** Fetch the sizes again, after the sizes section failed. */
  | { type: 'retrySizes' }
  | { type: 'fix'; action: FixAction };

const FIX_ACTIONS = ['selectEndpoint', 'setApiKey', 'retry', 'showLog', 'testConnection'] as const satisfies readonly FixAction[];

// Built on the first message, not at import: zod schemas cost milliseconds activation need not pay.
const fromWebviewSchema = lazy(
  (): z.ZodMiniType<FromWebview> =>
    z.discriminatedUnion('type', [
      z.strictObject({ type: z.literal('ready') }),
      z.strictObject({ type: z.literal('refresh') }),
      z.strictObject({ type: z.literal('copyId') }),
      z.strictObject({ type: z.literal('copyName') }),
      z.strictObject({ type: z.literal('copyMarkdownLink') }),
      z.strictObject({ type: z.literal('reveal') }),
      z.strictObject({ type: z.literal('openDashboard') }),
      z.strictObject({ type: z.literal('setDays'), days: z.number().check(z.int()) }),
      z.strictObject({ type: z.literal('retrySizes') }),
      z.strictObject({ type: z.literal('fix'), action: z.enum(FIX_ACTIONS) }),
    ]),
);

/** The message if it is one the webview may send, else undefined. */
export function readFromWebview(message: unknown): FromWebview | undefined {
  // Messages arrive as plain JSON objects; anything else (an inherited `type`, say) is not one of ours.
  if (typeof message !== 'object' || message === null || Object.getPrototypeOf(message) !== Object.prototype) return undefined;
  const parsed = fromWebviewSchema().safeParse(message);
  return parsed.success ? parsed.data : undefined;
}
