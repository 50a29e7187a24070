// Messages between the detail panel and its webview (media/panel.js). JSON only.
import type { FixAction } from '../../segments/errorText';
import type { SegmentView } from '../../segments/segmentView';

export interface PanelError {
  message: string;
  action?: FixAction;
  actionLabel?: string;
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
  error?: PanelError;
}

export interface PanelState {
  id: string;
  instance: string;
  hasDashboard: boolean;
  loading: boolean;
  segment?: SegmentView;
  /** "Fetched 5 minutes ago", shown with the data. */
  fetched?: string;
  error?: PanelError;
  /** From the segment list, when it is loaded. */
  analyticsTracking?: boolean;
  sizes?: SizesState;
}

export type ToWebview = { type: 'state'; state: PanelState } | { type: 'copied' };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'copyId' }
  | { type: 'openDashboard' }
  | { type: 'setDays'; days: number }
  | { type: 'fix'; action: FixAction };
