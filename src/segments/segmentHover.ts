// What the hover says for an id, decided in one place: a card at once when the cache or the list can
// answer, a request only when neither can, and silence for UUIDs that are not segments unless the code
// around them says "segment". Pure decision over the SegmentService; the UI wraps the text in a
// MarkdownString and nothing else.
import { isBrazeError } from '../braze/errors';
import { type CardContext, type HoverCardState, hoverCardMarkdown } from './hoverCard';
import type { SegmentService } from './segmentService';

export interface HoverQuery {
  /** A detected id, lower case (`segmentIdAt`). */
  id: string;
  /** `isSegmentContext` for the id's line: an answer about a non-segment is worth showing. */
  segmentContext: boolean;
  /** The hover's cancellation: aborts the request only when nobody else waits for it. */
  signal?: AbortSignal;
}

/** Markdown text, or undefined for no hover. */
export type HoverText = string | undefined;

/**
 * The hover for `query.id`. Returns the text synchronously when no request is needed (cached, stale
 * and being refreshed, or named by the list while its details load in the background), and a promise
 * only when Braze must be asked first. The result fits VS Code's `ProviderResult` as it is.
 */
export function segmentHover(service: SegmentService, query: HoverQuery, context: CardContext): HoverText | Promise<HoverText> {
  const state = cachedHoverState(service, query);
  if (state !== 'ask') return state && hoverCardMarkdown(state, context);
  return askBraze(service, query).then((asked) => asked && hoverCardMarkdown(asked, context));
}

/** The card state the cache can give now, undefined for silence, or 'ask' when only Braze can say. */
export function cachedHoverState(service: SegmentService, query: HoverQuery): HoverCardState | undefined | 'ask' {
  const { id, segmentContext } = query;
  const cached = service.peekAndRevalidate(id);
  if (cached?.kind === 'found') {
    return { kind: 'found', details: cached.details, stale: cached.stale ? { fetchedAt: cached.fetchedAt, refreshing: service.isFetching(id) } : undefined };
  }
  if (cached?.kind === 'missing') return segmentContext ? { kind: 'not-found', id } : undefined;
  const listed = service.summary(id);
  if (listed) {
    service.prefetch(id);
    return { kind: 'named', id, name: listed.name, tags: listed.tags };
  }
  return 'ask';
}

async function askBraze(service: SegmentService, query: HoverQuery): Promise<HoverCardState | undefined> {
  const { id, segmentContext, signal } = query;
  try {
    const details = await service.getDetails(id, { signal, allowStale: true });
    return { kind: 'found', details };
  } catch (error) {
    if (!isBrazeError(error) || error.kind === 'aborted') return undefined;
    // Outside a segment context an id may be any UUID: saying anything about it would be noise.
    if (!segmentContext) return undefined;
    if (error.kind === 'not-found') return { kind: 'not-found', id };
    if (error.kind === 'no-key' || error.kind === 'no-endpoint') return { kind: 'setup', id };
    return { kind: 'error', id, error };
  }
}
