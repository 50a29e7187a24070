// "Which of my workspaces knows this id?" A segment id belongs to exactly one workspace. Names from
// every workspace's list answer first (no request); then each workspace is asked for its details in
// turn (the folder's own first, then the others in the user's order), stopping at the first that
// knows the id. Each workspace's own cache remembers its "not found", so asking again costs nothing.
import * as l10n from '@vscode/l10n';
import { BrazeError, asBrazeError, isBrazeError } from '../braze/errors';
import type { SegmentDetails } from '../braze/model';
import type { CachedSegment, GetOptions } from './segmentService';
import type { Workspace } from './workspace';
import type { WorkspaceRegistry } from './workspaceRegistry';

export type Resolution =
  | { readonly kind: 'found'; readonly workspace: Workspace; readonly details: SegmentDetails }
  /** Every workspace with a key said it has no such segment. */
  | { readonly kind: 'not-found'; readonly asked: readonly Workspace[] }
  /**
   * Nobody said they know it, and something stood in the way: no workspace, no key, or a failure
   * (of `workspace`) that may be hiding the answer.
   */
  | { readonly kind: 'failed'; readonly workspace: Workspace | undefined; readonly error: BrazeError };

export interface ResolveOptions extends GetOptions {
  /** The name of the workspace the code targets (`braze.workspace`): asked first. */
  preferred?: string;
}

export class SegmentResolver {
  constructor(private readonly workspaces: WorkspaceRegistry) {}

  /**
   * The order in which workspaces are asked about `id`: those whose list names it first (it is
   * theirs), then `preferred`, then the rest in the user's order.
   */
  order(id: string, preferred?: string): Workspace[] {
    const all = this.workspaces.ordered(preferred);
    if (all.length < 2) return all;
    const listing = all.filter((workspace) => workspace.service.summary(id) !== undefined);
    return listing.length ? [...listing, ...all.filter((workspace) => !listing.includes(workspace))] : all;
  }

  /** The workspace whose cache holds details of `id`, and what it holds; no request, no refresh. */
  cached(id: string, preferred?: string): { workspace: Workspace; cached: CachedSegment & { kind: 'found' } } | undefined {
    for (const workspace of this.order(id, preferred)) {
      const cached = workspace.service.peek(id);
      if (cached?.kind === 'found') return { workspace, cached };
    }
    return undefined;
  }

  /**
   * The workspace that knows `id` without asking Braze (cached details, or its list), else undefined.
   * With a single workspace, that one: there is nowhere else an id could be.
   */
  known(id: string, preferred?: string): Workspace | undefined {
    const all = this.workspaces.all;
    if (all.length === 1) return all[0];
    return this.cached(id, preferred)?.workspace ?? all.find((workspace) => workspace.service.summary(id) !== undefined);
  }

  /**
   * What the caches and lists say `id` is called, and in which workspace, without a request:
   * cached details first, then a list row. Undefined when no workspace knows it yet.
   */
  named(id: string, preferred?: string): { workspace: Workspace; name: string | undefined; tags: readonly string[] } | undefined {
    const cached = this.cached(id, preferred);
    if (cached) return { workspace: cached.workspace, name: cached.cached.details.name, tags: cached.cached.details.tags };
    for (const workspace of this.workspaces.ordered(preferred)) {
      const summary = workspace.service.summary(id);
      if (summary) return { workspace, name: summary.name, tags: summary.tags };
    }
    return undefined;
  }

  /** Asks each workspace in turn until one knows `id`. Never throws. */
  async resolve(id: string, options: ResolveOptions = {}): Promise<Resolution> {
    const { preferred, ...get } = options;
    const order = this.order(id, preferred);
    if (!order.length) return { kind: 'failed', workspace: undefined, error: new BrazeError('no-endpoint', l10n.t('No Braze workspace is set up. Select your Braze instance to continue.')) };
    const asked: Workspace[] = [];
    let failure: { workspace: Workspace; error: BrazeError } | undefined;
    for (const workspace of order) {
      if (!(await workspace.hasKey())) continue;
      try {
        const details = await workspace.service.getDetails(id, get);
        return { kind: 'found', workspace, details };
      } catch (thrown) {
        const error = asBrazeError(thrown);
        if (error.kind === 'aborted') return { kind: 'failed', workspace, error };
        if (isBrazeError(error, 'not-found')) asked.push(workspace);
        else failure ??= { workspace, error };
      }
    }
    if (failure) return { kind: 'failed', ...failure };
    if (!asked.length) {
      const [first] = order;
      return { kind: 'failed', workspace: first, error: new BrazeError('no-key', order.length === 1 ? l10n.t('No API key is set for {0}.', first.label) : l10n.t('No API key is set for any of your Braze workspaces.')) };
    }
    return { kind: 'not-found', asked };
  }
}
