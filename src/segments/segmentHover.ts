// What the hover says for an id, decided in one place: a card at once when the cache can answer, a
// request only when it must, and silence for UUIDs that are not segments. What the code around the
// id says (SegmentContext) decides how much may be said and spent:
//   other    never a request (it may be a campaign id or an API key); a cached card only
//   segment  ask Braze; say "no segment", "set a key" or what failed
//   nearby   the same, but a UUID the complete segment list lacks is no segment: no request
//   none     ask Braze quietly (no word on failure); nothing when the complete list lacks it
// With several workspaces, every workspace's cache and list answer first; a request goes to each in
// the resolver's order until one knows the id, and the card names that workspace.
// Pure decision over the SegmentResolver; the UI wraps the text in a MarkdownString and nothing else.
import { type BrazeError, isBrazeError } from '../braze/errors';
import { type CardContext, type HoverCardState, hoverCardMarkdown } from './hoverCard';
import type { SegmentContext } from './idDetection';
import type { SegmentResolver } from './segmentResolver';
import type { Workspace } from './workspace';

export interface HoverQuery {
  /** A detected id, lower case (`segmentIdAt`). */
  id: string;
  /** `segmentContextAt` for the id. */
  context: SegmentContext;
  /** The hover's cancellation: aborts the request only when nobody else waits for it. */
  signal?: AbortSignal;
  /** The workspace this file's folder targets (`braze.workspace`): asked first. */
  preferred?: string;
}

/** Markdown text, or undefined for no hover. */
export type HoverText = string | undefined;

/** How long a hover on a listed id waits for its details before it shows the name alone. */
const LISTED_DETAILS_WAIT_MS = 2500;

/** Where a card is shown, for the workspace it is about (undefined: none is set up). */
export type CardContextFor = (workspace: Workspace | undefined) => CardContext;

/** A card state and the workspace it is about. */
interface Answer {
  state: HoverCardState;
  workspace: Workspace | undefined;
}

type CachedAnswer = Answer | undefined | { ask: 'any' } | { ask: 'listed'; workspace: Workspace };

/**
 * The hover for `query.id`. Returns the text synchronously when no request is needed (cached, or
 * stale and being refreshed), and a promise when Braze must be asked first. The result fits VS
 * Code's `ProviderResult` as it is.
 */
export function segmentHover(resolver: SegmentResolver, query: HoverQuery, contextFor: CardContextFor, waitMs = LISTED_DETAILS_WAIT_MS): HoverText | Promise<HoverText> {
  const cached = cachedHoverState(resolver, query);
  const render = (answer: Answer | undefined) => answer && hoverCardMarkdown(answer.state, contextFor(answer.workspace));
  if (cached && 'ask' in cached) {
    return cached.ask === 'any' ? askBraze(resolver, query).then(render) : askListed(cached.workspace, query, waitMs).then(render);
  }
  return render(cached);
}

/**
 * The card the caches can give now, undefined for silence, or which request is to be made: any
 * workspace may know the id, or a workspace's list names it and its details are to be fetched.
 */
function cachedHoverState(resolver: SegmentResolver, query: HoverQuery): CachedAnswer {
  const { id, context } = query;
  const order = resolver.order(id, query.preferred);
  let everyMissing = order.length > 0;
  let everyListComplete = true;
  for (const workspace of order) {
    // An id the code calls something else is never sent: not even a background refresh.
    const cached = context === 'other' ? workspace.service.peek(id) : workspace.service.peekAndRevalidate(id);
    if (cached?.kind === 'found') {
      const stale = cached.stale ? { fetchedAt: cached.fetchedAt, refreshing: workspace.service.isFetching(id) } : undefined;
      return { state: { kind: 'found', details: cached.details, stale }, workspace };
    }
    if (cached?.kind !== 'missing') everyMissing = false;
    if (!workspace.service.listComplete && cached?.kind !== 'missing') everyListComplete = false;
  }
  if (context === 'other') return undefined;
  if (everyMissing) return speaks(context) ? notFound(id, order) : undefined;
  // The resolver puts a workspace whose list names the id first.
  const [first] = order;
  if (first?.service.summary(id)) return { ask: 'listed', workspace: first };
  // Braze's list leaves archived segments out, so only an id whose own line says "segment" is
  // asked about when every complete list lacks it.
  if (context !== 'segment' && order.length && everyListComplete) return undefined;
  return { ask: 'any' };
}

/** Whether failures and "not found" are worth a word: only where the code talks about segments. */
function speaks(context: SegmentContext): boolean {
  return context === 'segment' || context === 'nearby';
}

function notFound(id: string, asked: readonly Workspace[]): Answer {
  return { state: { kind: 'not-found', id, asked: asked.length > 1 ? asked.map((workspace) => workspace.name) : undefined }, workspace: asked.length === 1 ? asked[0] : undefined };
}

async function askBraze(resolver: SegmentResolver, query: HoverQuery): Promise<Answer | undefined> {
  const { id, context, signal, preferred } = query;
  const resolution = await resolver.resolve(id, { signal, allowStale: true, preferred });
  if (resolution.kind === 'found') return { state: { kind: 'found', details: resolution.details }, workspace: resolution.workspace };
  // Without a word about segments an id may be any UUID: saying anything about it would be noise.
  if (!speaks(context)) return undefined;
  if (resolution.kind === 'not-found') return notFound(id, resolution.asked);
  if (resolution.error.kind === 'aborted') return undefined;
  return { state: failureState(id, resolution.error), workspace: resolution.workspace };
}

/** A listed id: its details if they come in time, else its name and why the rest is missing. */
async function askListed(workspace: Workspace, query: HoverQuery, waitMs: number): Promise<Answer> {
  const { id, signal } = query;
  const { service } = workspace;
  const listed = service.summary(id);
  const named = { kind: 'named' as const, id, name: listed?.name, tags: listed?.tags };
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), waitMs)));
  try {
    const answer = await Promise.race([service.getDetails(id, { signal, allowStale: true }), late]);
    // The request goes on: the next hover has the details.
    if (answer === 'late') return { state: { ...named, note: { kind: 'slow' } }, workspace };
    return { state: { kind: 'found', details: answer }, workspace };
  } catch (error) {
    if (!isBrazeError(error) || error.kind === 'aborted') return { state: named, workspace };
    return { state: { ...named, note: { kind: 'failed', error } }, workspace };
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
