// Dates as people read them: absolute ("Mar 4, 2026, 14:05") and relative ("3 days ago").
import * as l10n from '@vscode/l10n';
import { lazy } from '../common/lazy';

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

// Dates are written in the language the words around them are: the translation names its locale.
// Built on first use, after activation has loaded the translation.
const locale = lazy(() => l10n.t({ message: 'en', comment: ['The BCP 47 locale whose date formats suit this translation, e.g. de for German'] }));
const relative = lazy(() => new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' }));
const absolute = lazy(() => new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }));
// Data-series points are whole UTC days: show them as such, whatever the local zone.
const day = lazy(() => new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: 'UTC' }));
const clock = lazy(() => new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }));

/** A Date from Braze's ISO 8601 text, or undefined when absent or unparseable. */
export function parseDate(text: string | undefined): Date | undefined {
  if (!text) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function formatRelative(date: Date, now: number = Date.now()): string {
  const seconds = Math.round((date.getTime() - now) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative().format(Math.trunc(seconds / size), unit);
  }
  return l10n.t('just now');
}

export function formatAbsolute(date: Date): string {
  return absolute().format(date);
}

export function formatDay(date: Date): string {
  return day().format(date);
}

export function formatClockTime(date: Date): string {
  return clock().format(date);
}

/** "A", "A or B", "A, B or C". */
export function orList(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
