// What the hover says for an id, decided in one place: a card at once when the cache can answer, a
// request only when it must, and silence for UUIDs that are not segments. What the code around the
// id says (SegmentContext) decides how much may be said and spent:
//   other    never a request (it may be a campaign id or an API key); a cached card only
//   segment  ask Braze; say "no segment", "set a key" or what failed
//   nearby   the same, but a UUID the complete segment list lacks is no segment: no request
//   none     ask Braze quietly (no word on failure); nothing when the complete list lacks it
// Pure decision over the SegmentService; the UI wraps the text in a MarkdownString and nothing else.
import { type BrazeError, isBrazeError } from '../braze/errors';
import { type CardContext, type HoverCardState, hoverCardMarkdown } from './hoverCard';
import type { SegmentContext } from './idDetection';
import type { SegmentService } from './segmentService';

export interface HoverQuery {
  /** A detected id, lower case (`segmentIdAt`). */
  id: string;
  /** `segmentContextAt` for the id. */
  context: SegmentContext;
  /** The hover's cancellation: aborts the request only when nobody else waits for it. */
  signal?: AbortSignal;
}

/** Markdown text, or undefined for no hover. */
export type HoverText = string | undefined;

/** How long a hover on a listed id waits for its details before it shows the name alone. */
export const LISTED_DETAILS_WAIT_MS = 2500;

/**
 * The hover for `query.id`. Returns the text synchronously when no request is needed (cached, or
 * stale and being refreshed), and a promise when Braze must be asked first. The result fits VS
 * Code's `ProviderResult` as it is.
 */
export function segmentHover(service: SegmentService, query: HoverQuery, context: CardContext, waitMs = LISTED_DETAILS_WAIT_MS): HoverText | Promise<HoverText> {
  const state = cachedHoverState(service, query);
  if (state === 'ask') return askBraze(service, query).then((asked) => asked && hoverCardMarkdown(asked, context));
  if (state === 'ask-listed') return askListed(service, query, waitMs).then((asked) => hoverCardMarkdown(asked, context));
  return state && hoverCardMarkdown(state, context);
}

/**
 * The card state the cache can give now, undefined for silence, 'ask' when only Braze can say, or
 * 'ask-listed' when the list names the id and its details are to be fetched.
 */
export function cachedHoverState(service: SegmentService, query: HoverQuery): HoverCardState | undefined | 'ask' | 'ask-listed' {
  const { id, context } = query;
  // An id the code calls something else is never sent: not even a background refresh.
  const cached = context === 'other' ? service.peek(id) : service.peekAndRevalidate(id);
  if (cached?.kind === 'found') {
    return { kind: 'found', details: cached.details, stale: cached.stale ? { fetchedAt: cached.fetchedAt, refreshing: service.isFetching(id) } : undefined };
  }
  if (context === 'other') return undefined;
  if (cached?.kind === 'missing') return speaks(context) ? { kind: 'not-found', id } : undefined;
  if (service.summary(id)) return 'ask-listed';
  // Braze's list leaves archived segments out, so only an id whose own line says "segment" is
  // asked about when the complete list lacks it.
  if (context !== 'segment' && service.listComplete) return undefined;
  return 'ask';
}

/** Whether failures and "not found" are worth a word: only where the code talks about segments. */
function speaks(context: SegmentContext): boolean {
  return context === 'segment' || context === 'nearby';
}

async function askBraze(service: SegmentService, query: HoverQuery): Promise<HoverCardState | undefined> {
  const { id, context, signal } = query;
  try {
    const details = await service.getDetails(id, { signal, allowStale: true });
    return { kind: 'found', details };
  } catch (error) {
    if (!isBrazeError(error) || error.kind === 'aborted') return undefined;
    // Without a word about segments an id may be any UUID: saying anything about it would be noise.
    if (!speaks(context)) return undefined;
    return failureState(id, error);
  }
}

/** A listed id: its details if they come in time, else its name and why the rest is missing. */
async function askListed(service: SegmentService, query: HoverQuery, waitMs: number): Promise<HoverCardState> {
  const { id, signal } = query;
  const listed = service.summary(id);
  const named = { kind: 'named' as const, id, name: listed?.name, tags: listed?.tags };
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), waitMs)));
  try {
    const answer = await Promise.race([service.getDetails(id, { signal, allowStale: true }), late]);
    // The request goes on: the next hover has the details.
    if (answer === 'late') return { ...named, note: { kind: 'slow' } };
    return { kind: 'found', details: answer };
  } catch (error) {
    if (!isBrazeError(error) || error.kind === 'aborted') return named;
    return { ...named, note: { kind: 'failed', error } };
  } finally {
    clearTimeout(timer);
  }
}

function failureState(id: string, error: BrazeError): HoverCardState {
  if (error.kind === 'not-found') return { kind: 'not-found', id };
  if (error.kind === 'no-endpoint') return { kind: 'setup', id, need: 'endpoint' };
  if (error.kind === 'no-key') return { kind: 'setup', id, need: 'key' };
  return { kind: 'error', id, error };
}
