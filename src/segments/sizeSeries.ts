// A segment's estimated daily size, prepared for the chart and put into words beside it.
import * as l10n from '@vscode/l10n';
import type { SegmentSizePoint } from '../braze/model';
import { lazy } from '../common/lazy';

export interface SizeSummary {
  /** Epoch seconds, oldest first, for the chart's x axis. */
  times: number[];
  sizes: number[];
  latest?: { size: number; time: string };
  /** "Up 1,204 (+3.1%) over 30 days", "Unchanged over 7 days", … */
  change?: string;
}

const count = lazy(() => new Intl.NumberFormat('en'));
const percent = lazy(() => new Intl.NumberFormat('en', { maximumFractionDigits: 1, signDisplay: 'always' }));

export function summarizeSizes(points: readonly SegmentSizePoint[]): SizeSummary {
  const valid = points
    .map((point) => ({ time: point.time, at: Date.parse(point.time), size: point.size }))
    .filter((point) => Number.isFinite(point.at) && Number.isFinite(point.size))
    .sort((a, b) => a.at - b.at);
  const summary: SizeSummary = { times: valid.map((p) => Math.floor(p.at / 1000)), sizes: valid.map((p) => p.size) };
  if (!valid.length) return summary;
  const first = valid[0];
  const last = valid[valid.length - 1];
  summary.latest = { size: last.size, time: last.time };
  const days = Math.max(1, Math.round((last.at - first.at) / 86_400_000) + 1);
  const period = days === 1 ? l10n.t('over 1 day') : l10n.t('over {0} days', days);
  const delta = last.size - first.size;
  if (valid.length < 2) summary.change = l10n.t('One day of data');
  else if (delta === 0) summary.change = l10n.t('Unchanged {0}', period);
  else {
    const relative = first.size > 0 ? ` (${percent().format((delta / first.size) * 100)}%)` : '';
    const change = count().format(Math.abs(delta));
    summary.change = delta > 0 ? l10n.t('Up {0}{1} {2}', change, relative, period) : l10n.t('Down {0}{1} {2}', change, relative, period);
  }
  return summary;
}

export function formatCount(value: number): string {
  return count().format(value);
}
