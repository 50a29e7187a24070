// The hover card's Markdown text, built from escaped pieces. Everything Braze sends is untrusted: it
// goes through `escapeMarkdown`, so no HTML, link, image, command or formatting from Braze renders.
// The only links in a card are our own command links, built here from fixed labels and JSON
// arguments; the UI enables exactly `HOVER_COMMANDS` (`isTrusted: { enabledCommands }`).
import * as l10n from '@vscode/l10n';
import type { BrazeError } from '../braze/errors';
import type { SegmentDetails } from '../braze/model';
import { describeError } from './errorText';
import { formatClockTime, formatRelative, orList, parseDate } from './format';
import { escapeMarkdown, shorten } from './inertText';

export { escapeMarkdown, shorten } from './inertText';

/** The command ids a card links to, so the UI can trust exactly these and no other. */
export const HOVER_COMMAND_IDS = {
  openSegment: 'braze.openSegment',
  copySegmentId: 'braze.copySegmentId',
  copySegmentName: 'braze.copySegmentName',
  copySegmentMarkdownLink: 'braze.copySegmentMarkdownLink',
  revealSegment: 'braze.revealSegment',
  openDashboard: 'braze.openDashboard',
  setApiKey: 'braze.setApiKey',
  selectEndpoint: 'braze.selectEndpoint',
  showLog: 'braze.showLog',
  retrySegment: 'braze.retrySegment',
  testConnection: 'braze.testConnection',
} as const;

export const HOVER_COMMANDS: readonly string[] = Object.freeze(Object.values(HOVER_COMMAND_IDS));

/** Where the card is shown: set by the UI from the connection, never by Braze. */
export interface CardContext {
  /** `US-03`, or the host of a custom endpoint. */
  instance: string;
  /** Whether the instance has a dashboard to link to (a local test server has none). */
  hasDashboard: boolean;
  /**
   * The workspace the card is about, named only when the user has several ("Staging · US-03"); its
   * links then open and retry in that workspace.
   */
  workspace?: string;
  now?: number;
}

export type HoverCardState =
  /** Details from the cache; `fetchedAt` + `stale` say how old they are. */
  | { kind: 'found'; details: SegmentDetails; stale?: { fetchedAt: number; refreshing: boolean } }
  /**
   * Only the name, from the list endpoint: its details are still on their way (`slow`), or could
   * not be fetched (`failed`).
   */
  | { kind: 'named'; id: string; name: string | undefined; tags?: readonly string[]; note?: { kind: 'slow' } | { kind: 'failed'; error: BrazeError } }
  /**
   * Braze has no such segment (shown only in a segment context); `asked` names the workspaces asked,
   * when the user has several.
   */
  | { kind: 'not-found'; id: string; asked?: readonly string[] }
  /** No endpoint or no key: nothing can be looked up yet, and the card says which to set. */
  | { kind: 'setup'; id: string; need: 'endpoint' | 'key' }
  | { kind: 'error'; id: string; error: BrazeError };

/** How much of each field a glance shows; the panel has the full text. */
export const CARD_LIMITS = { name: 120, textDescription: 240, description: 200, listItems: 6, listItem: 40 } as const;

export function hoverCardMarkdown(state: HoverCardState, context: CardContext): string {
  switch (state.kind) {
    case 'found':
      return foundCard(state.details, context, state.stale);
    case 'named':
      return namedCard(state, context);
    case 'not-found':
      return notFoundCard(state, context);
    case 'setup':
      return state.need === 'endpoint'
        ? paragraphs(l10n.t('{0} to see this segment.', link(l10n.t('Select your Braze instance'), HOVER_COMMAND_IDS.selectEndpoint)))
        : paragraphs(l10n.t('{0} for {1} to see this segment.', link(l10n.t('Set your API key'), HOVER_COMMAND_IDS.setApiKey), place(context)));
    case 'error':
      return errorCard(state.id, state.error, context);
  }
}

function foundCard(details: SegmentDetails, context: CardContext, stale: { fetchedAt: number; refreshing: boolean } | undefined): string {
  const now = context.now ?? Date.now();
  const blocks = [heading(details.name)];
  const written = shorten(details.textDescription, CARD_LIMITS.textDescription);
  if (written) blocks.push(escapeMarkdown(written));
  const filters = shorten(details.description, CARD_LIMITS.description);
  if (filters) blocks.push(`*${l10n.t('Filters:')}* ${escapeMarkdown(filters)}`);
  const lists = [labelledList('tags', details.tags, details.tagsOmitted), labelledList('teams', details.teams, details.teamsOmitted)].filter(Boolean);
  if (lists.length) blocks.push(lists.join(' · '));
  blocks.push(footer(details.updatedAt, context, now, stale));
  blocks.push(actions([openLink(details.id, context), copyLink(details.id), dashboardLink(context)]));
  blocks.push(moreActions(details.id, details.name, context));
  return paragraphs(...blocks);
}

function notFoundCard(state: Extract<HoverCardState, { kind: 'not-found' }>, context: CardContext): string {
  const asked = state.asked ?? [];
  // One workspace asked: named as every other card names it ("Production · US-03" when there are several).
  const where = asked.length > 1 ? l10n.t('{0} (every workspace with a key)', orList(asked.map(escapeMarkdown))) : asked.length ? escapeMarkdown(asked[0]) : place(context);
  const other = asked.length > 1 ? l10n.t('It may be archived, or belong to a workspace you have not added.') : l10n.t('It may be archived, or belong to another workspace.');
  const dashboard = asked.length > 1 ? undefined : dashboardLink(context);
  return paragraphs(l10n.t('No segment with this id in {0}. {1}', where, other), actions([retryLink(state.id, asked.length > 1 ? undefined : context), dashboard]));
}

/** Where the segment lives: "US-03", or "Staging · US-03" when the user has several workspaces. */
function place(context: CardContext): string {
  return escapeMarkdown(context.workspace && context.workspace !== context.instance ? `${context.workspace} · ${context.instance}` : context.instance);
}

/** The name from the list, and the truth about the rest: still coming (hover again), or what failed. */
function namedCard(state: Extract<HoverCardState, { kind: 'named' }>, context: CardContext): string {
  const { id, name, tags, note } = state;
  const blocks = [heading(name)];
  const list = labelledList('tags', tags ?? []);
  if (list) blocks.push(list);
  if (note?.kind === 'failed') {
    blocks.push(`*${l10n.t('{0} · from the segment list', place(context))}*`);
    blocks.push(`⚠ ${l10n.t('The details could not be loaded: {0}', escapeMarkdown(errorSentence(note.error, context)))}`);
    blocks.push(actions([fixLink(note.error, context), retryLink(id, context), openLink(id, context), copyLink(id)]));
    blocks.push(moreActions(id, name, context));
    return paragraphs(...blocks);
  }
  const from = note?.kind === 'slow' ? l10n.t('{0} · from the segment list · details are on their way: hover again in a moment', place(context)) : l10n.t('{0} · from the segment list', place(context));
  blocks.push(`*${from}*`);
  blocks.push(actions([openLink(id, context), copyLink(id), dashboardLink(context)]));
  blocks.push(moreActions(id, name, context));
  return paragraphs(...blocks);
}

function errorCard(id: string, error: BrazeError, context: CardContext): string {
  if (error.kind === 'no-endpoint') return hoverCardMarkdown({ kind: 'setup', id, need: 'endpoint' }, context);
  if (error.kind === 'no-key') return hoverCardMarkdown({ kind: 'setup', id, need: 'key' }, context);
  if (error.kind === 'not-found') return hoverCardMarkdown({ kind: 'not-found', id }, context);
  return paragraphs(`⚠ ${escapeMarkdown(errorSentence(error, context))}`, actions([fixLink(error, context), retryLink(id, context), openLink(id, context)]));
}

/** A hover is a glance: the rate limit gets a one-line wording with the time it lifts. */
function errorSentence(error: BrazeError, context: CardContext): string {
  if (error.kind === 'rate-limited') {
    return error.resetAt ? l10n.t('Braze rate limit reached; details again after {0}.', formatClockTime(error.resetAt)) : l10n.t('Braze rate limit reached; details again after a short while.');
  }
  return describeError(error, context.instance).message;
}

/** The error's own fix, when it has one besides trying again. */
function fixLink(error: BrazeError, context: CardContext): string | undefined {
  const { action } = describeError(error, context.instance);
  if (action === 'setApiKey') return link(l10n.t('Set API key'), HOVER_COMMAND_IDS.setApiKey);
  if (action === 'selectEndpoint') return link(l10n.t('Select REST endpoint'), HOVER_COMMAND_IDS.selectEndpoint);
  if (action === 'showLog') return link(l10n.t('Show log'), HOVER_COMMAND_IDS.showLog);
  if (action === 'testConnection') return link(l10n.t('Test connection'), HOVER_COMMAND_IDS.testConnection);
  return undefined;
}

function heading(name: string | undefined): string {
  const text = shorten(name, CARD_LIMITS.name);
  return `#### ${text ? escapeMarkdown(text) : `*${l10n.t('Unnamed segment')}*`}`;
}

function footer(updatedAt: string | undefined, context: CardContext, now: number, stale: { fetchedAt: number; refreshing: boolean } | undefined): string {
  const parts: string[] = [];
  const updated = parseDate(updatedAt);
  if (updated) parts.push(l10n.t('updated {0}', formatRelative(updated, now)));
  parts.push(place(context));
  if (stale) {
    const age = formatRelative(new Date(stale.fetchedAt), now);
    parts.push(stale.refreshing ? l10n.t('cached {0} · refreshing', age) : l10n.t('cached {0}', age));
  }
  return `*${parts.join(' · ')}*`;
}

/** "Tags: a, b, c +3 more", or '' for an empty list; `omitted` counts items Braze sent beyond those kept. */
function labelledList(kind: 'tags' | 'teams', items: readonly string[], omitted = 0): string {
  const clean = items.map((item) => shorten(item, CARD_LIMITS.listItem)).filter((item): item is string => !!item);
  if (!clean.length) return '';
  const listed = clean.slice(0, CARD_LIMITS.listItems).map(escapeMarkdown).join(', ');
  const more = Math.max(0, clean.length - CARD_LIMITS.listItems) + omitted;
  const shown = more > 0 ? l10n.t('{0} +{1} more', listed, more.toLocaleString('en')) : listed;
  return kind === 'tags' ? l10n.t('Tags: {0}', shown) : l10n.t('Teams: {0}', shown);
}

// ---------------------------------------------------------------------------------------------------
// Our own links: fixed labels, command ids from HOVER_COMMAND_IDS, arguments as URI-encoded JSON.

/** The segment's own workspace goes with the id: the panel opens there without asking around. */
function openLink(id: string, context: CardContext): string {
  return link(l10n.t('Open details'), HOVER_COMMAND_IDS.openSegment, withWorkspace(id, context));
}

function copyLink(id: string): string {
  return link(l10n.t('Copy id'), HOVER_COMMAND_IDS.copySegmentId, [id]);
}

/** The id, and the card's workspace when it names one: the command then acts there without asking around. */
function withWorkspace(id: string, context: CardContext): unknown[] {
  return context.workspace ? [id, context.workspace] : [id];
}

/**
 * A segment's second line of actions: its name (when it has one) or a Markdown link to it copied, its
 * row in the Segments view.
 */
function moreActions(id: string, name: string | undefined, context: CardContext): string {
  return actions([
    name?.trim() ? link(l10n.t('Copy name'), HOVER_COMMAND_IDS.copySegmentName, withWorkspace(id, context)) : undefined,
    link(l10n.t('Copy Markdown link'), HOVER_COMMAND_IDS.copySegmentMarkdownLink, withWorkspace(id, context)),
    link(l10n.t('Reveal in Segments view'), HOVER_COMMAND_IDS.revealSegment, withWorkspace(id, context)),
  ]);
}

/** Asks Braze again (even through a 429: the user asked) and shows the card again. */
function retryLink(id: string, context: CardContext | undefined): string {
  return link(l10n.t('Retry'), HOVER_COMMAND_IDS.retrySegment, context?.workspace ? [id, context.workspace] : [id]);
}

function dashboardLink(context: CardContext): string | undefined {
  if (!context.hasDashboard) return undefined;
  return link(l10n.t('Open Braze dashboard'), HOVER_COMMAND_IDS.openDashboard, context.workspace ? [context.workspace] : undefined);
}

/** `[label](command:id?args)`; `label` is ours (translated, escaped all the same), never Braze's. */
function link(label: string, command: string, args?: readonly unknown[]): string {
  const query = args ? `?${encodeLinkTarget(JSON.stringify(args))}` : '';
  return `[${escapeMarkdown(label)}](command:${command}${query})`;
}

/** encodeURIComponent leaves `( ) ! ' *` alone; a `)` would end the Markdown link early. */
function encodeLinkTarget(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function actions(links: Array<string | undefined>): string {
  return links.filter(Boolean).join(' · ');
}

function paragraphs(...blocks: string[]): string {
  return blocks.filter(Boolean).join('\n\n');
}
