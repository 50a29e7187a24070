// Messages between the detail panel and its webview (media/panel.js). JSON only.
import type { FixAction } from '../../segments/errorText';
import type { SegmentView } from '../../segments/segmentView';

export interface PanelState {
  id: string;
  instance: string;
  hasDashboard: boolean;
  loading: boolean;
  segment?: SegmentView;
  /** "Fetched 5 minutes ago", shown with the data. */
  fetched?: string;
  error?: { message: string; action?: FixAction; actionLabel?: string };
}

export type ToWebview = { type: 'state'; state: PanelState } | { type: 'copied' };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'copyId' }
  | { type: 'openDashboard' }
  | { type: 'fix'; action: FixAction };
