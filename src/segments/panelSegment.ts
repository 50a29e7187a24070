// A segment as the detail panel shows it: plain strings, ready to be put into the page as text.
// Everything from Braze stays untrusted text here; the webview never parses it as HTML.
import * as l10n from '@vscode/l10n';
import type { SegmentDetails } from '../braze/model';
import { flatten, truncate } from '../braze/untrusted';
import { formatAbsolute, formatRelative, parseDate } from './format';

export interface PanelDate {
  iso: string;
  absolute: string;
  relative: string;
}

export interface PanelSegment {
  id: string;
  name: string;
  /** True when Braze sent no name, so `name` is a stand-in. */
  unnamed: boolean;
  textDescription?: string;
  description?: string;
  tags: string[];
  teams: string[];
  /** How many more Braze sent than are kept ("…and 999,990 more"). */
  tagsOmitted: number;
  teamsOmitted: number;
  created?: PanelDate;
  updated?: PanelDate;
}

export function toPanelSegment(details: SegmentDetails, now: number = Date.now()): PanelSegment {
  const name = details.name?.trim();
  return {
    id: details.id,
    name: name || l10n.t('Unnamed segment'),
    unnamed: !name,
    textDescription: details.textDescription?.trim() || undefined,
    description: details.description?.trim() || undefined,
    tags: details.tags.filter((tag) => tag.trim() !== ''),
    teams: details.teams.filter((team) => team.trim() !== ''),
    tagsOmitted: details.tagsOmitted ?? 0,
    teamsOmitted: details.teamsOmitted ?? 0,
    created: dateView(details.createdAt, now),
    updated: dateView(details.updatedAt, now),
  };
}

function dateView(text: string | undefined, now: number): PanelDate | undefined {
  const date = parseDate(text);
  if (!date) return undefined;
  return { iso: date.toISOString(), absolute: formatAbsolute(date), relative: formatRelative(date, now) };
}

/**
 * A tab title: the name, shortened, or the id while the name is unknown. A tab renders text as it is,
 * so only what is never shown (invisible and direction characters, line breaks) goes, as on every
 * plain surface.
 */
export function panelTitle(details: SegmentDetails | undefined, id: string): string {
  const name = details?.name ? flatten(details.name) : '';
  if (!name) return `Segment ${id.slice(0, 8)}…`;
  return truncate(name, 60);
}

/**
 * An error that leaves data from an earlier fetch on screen says so: which data it is and how old
 * ("Could not refresh: …", then "Showing the details from the last successful fetch, 5 minutes ago.").
 */
export function staleDataError(what: 'details' | 'sizes', message: string, fetchedAt: number, now: number = Date.now()): { message: string; note: string } {
  const age = formatRelative(new Date(fetchedAt), now);
  const when = age === l10n.t('just now') ? l10n.t('a moment ago') : age;
  return {
    message: what === 'sizes' ? l10n.t('Could not refresh the sizes: {0}', message) : l10n.t('Could not refresh: {0}', message),
    note: what === 'sizes' ? l10n.t('Showing the sizes from the last successful fetch, {0}.', when) : l10n.t('Showing the details from the last successful fetch, {0}.', when),
  };
}
