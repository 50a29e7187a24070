// "Is this id a segment of one of my workspaces?" for every id the code calls a segment, within an
// API budget. The lists and the caches answer first, for nothing; only ids none of them knows are
// asked about (details, through the resolver, one workspace after another), a few at a time, from one
// queue that asks each id once, forgets ids nobody shows any more, and waits (without forgetting)
// while a workspace's rate budget is nearly used up: the team's production jobs share that budget.
// Each workspace's SegmentService remembers its "not found", so an answer once had costs nothing
// again. Nothing here knows about VS Code: the problems, and the views, read it.
import { type BrazeError, asBrazeError } from '../../braze/errors';
import { backgroundPausedUntil } from '../../braze/rateLimit';
import { Emitter, type Event } from '../../common/events';
import { Disposable, type IDisposable, toDisposable } from '../../common/lifecycle';
import type { Resolution, ResolveOptions, SegmentResolver } from '../segmentResolver';
import type { Workspace } from '../workspace';

/** What the checks know of one id. */
export type SegmentCheck =
  /** A list or a cache of `workspace` holds it: it is that workspace's segment. */
  | { readonly kind: 'known'; readonly workspace: Workspace; readonly name: string | undefined }
  /** Every workspace with a key was asked (or its cache answered) and has no such segment. */
  | { readonly kind: 'missing'; readonly asked: readonly Workspace[] }
  /**
   * Nothing to say yet, and so nothing to show: no workspace or key to ask (`no-key`), a question
   * waiting or under way (`checking`), held back by a rate budget (`paused`), or asking failed
   * (`failed`, asked again later).
   */
  | { readonly kind: 'unknown'; readonly why: 'no-key' | 'checking' | 'paused' | 'failed' };

/** An id someone shows, and the workspace its code targets (`braze.workspace`), asked first. */
export interface WantedId {
  readonly id: string;
  readonly preferred?: string;
}

/** The part of the user's workspaces the checks read (Workspaces and WorkspaceRegistry both fit). */
export interface CheckedWorkspaces {
  readonly all: readonly Workspace[];
  /** Workspaces were added, removed or reordered. */
  readonly onDidChange: Event<void>;
  /** A workspace's key was set or removed. */
  readonly onDidChangeWorkspace: Event<Workspace>;
  readonly onDidChangeSegments: Event<{ workspace: Workspace; ids?: readonly string[] }>;
}

export interface SegmentChecksOptions {
  /** How many ids are being asked about at once, at most (each asks one workspace at a time). Default 2. */
  maxInFlight?: number;
  /** How long after a failure (network, 5xx, a refused key) an id is asked about again. Default 5 minutes. */
  retryFailedMs?: number;
  /** How long a 429 that says nothing about when it lifts holds a workspace. Default 1 minute. */
  rateLimitedMs?: number;
  now?(): number;
}

/** How the checks stand, for a line in a view. */
export interface ChecksStatus {
  /** No workspace is set up at all. */
  readonly noWorkspace: boolean;
  /** Workspaces, but none with a key: nothing can be checked. */
  readonly noKey: boolean;
  /** Ids wait because a rate budget is nearly used up, until then (the earliest it lifts). */
  readonly pausedUntil: Date | undefined;
  /** Ids waiting to be asked about. */
  readonly queued: number;
  /** Ids being asked about now. */
  readonly inFlight: number;
}

export interface ChecksChange {
  /** The ids whose answer may have changed; undefined: any may have. */
  readonly ids?: readonly string[];
}

const DEFAULT_MAX_IN_FLIGHT = 2;
const DEFAULT_RETRY_FAILED_MS = 5 * 60_000;
const DEFAULT_RATE_LIMITED_MS = 60_000;
/** A wake-up a little after a budget lifts, so that the clock has surely passed it. */
const RESUME_MARGIN_MS = 20;

export class SegmentChecks extends Disposable {
  /** owner (a file, a view) → the ids it shows, with their preferred workspace, and whether they go first. */
  private readonly wants = new Map<string, { readonly ids: Map<string, string | undefined>; readonly first: boolean }>();
  /** id → how many owners show it. */
  private readonly wanted = new Map<string, number>();
  /** Ids waiting to be asked about, in order: those of open documents before the rest. */
  private readonly urgent = new Map<string, string | undefined>();
  private readonly queue = new Map<string, string | undefined>();
  private readonly inFlight = new Map<string, AbortController>();
  /** id → when it may be asked about again after a failure. */
  private readonly failed = new Map<string, number>();
  /** Workspace → until when a 429 (or a refused background request) holds it, epoch ms. */
  private readonly blocked = new Map<Workspace, number>();
  /**
   * Workspace → until when its key is taken as unable to read details (401, or 403 without
   * segments.details), epoch ms: every id would cost one more refused request. Cleared when its key changes.
   */
  private readonly refused = new Map<Workspace, number>();
  /** Workspaces whose key read this started, so that it is started once per workspace object. */
  private readonly keyReads = new WeakSet<Workspace>();
  private wake: IDisposable | undefined;
  private wakeAt: number | undefined;
  private retryTimer: IDisposable | undefined;
  private lastStatus: string | undefined;
  private readonly changed = this._register(new Emitter<ChecksChange>());
  private readonly statusChanged = this._register(new Emitter<void>());
  private readonly maxInFlight: number;
  private readonly now: () => number;

  /** Answers may have changed (a list page arrived, an id was asked about, a key was set). */
  readonly onDidChange: Event<ChecksChange> = this.changed.event;
  /** What `status` says changed. */
  readonly onDidChangeStatus: Event<void> = this.statusChanged.event;

  constructor(
    private readonly workspaces: CheckedWorkspaces,
    private readonly resolver: SegmentResolver,
    private readonly options: SegmentChecksOptions = {},
  ) {
    super();
    this.maxInFlight = Math.max(1, options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT);
    this.now = options.now ?? Date.now;
    this._register(toDisposable(() => this.stopAll()));
    this._register(workspaces.onDidChangeSegments(({ ids }) => this.segmentsChanged(ids)));
    this._register(workspaces.onDidChange(() => this.everythingChanged()));
    this._register(workspaces.onDidChangeWorkspace((workspace) => this.everythingChanged(workspace)));
    this.readKeys();
  }

  /**
   * What is known of `id` now, without a request: a list or a cache that holds it, every keyed
   * workspace's "not found", or why there is no answer yet.
   */
  answer(id: string, preferred?: string): SegmentCheck {
    const all = this.workspaces.all;
    if (!all.length) return UNKNOWN.noKey;
    const named = this.resolver.named(id, preferred);
    if (named) return { kind: 'known', workspace: named.workspace, name: named.name };
    const keys = this.keyStates(all);
    if (!keys.keyed.length) return keys.reading ? UNKNOWN.checking : UNKNOWN.noKey;
    // A workspace whose key is still being read might be the one that has it.
    const asked = keys.keyed.filter((workspace) => workspace.service.peek(id)?.kind === 'missing');
    if (asked.length === keys.keyed.length && !keys.reading) return { kind: 'missing', asked };
    if (this.failed.has(id)) return UNKNOWN.failed;
    const held = this.heldFor(id, preferred);
    if (held) return held.refused ? UNKNOWN.failed : UNKNOWN.paused;
    return UNKNOWN.checking;
  }

  /**
   * Says which ids `owner` (a file's URI, a view) shows, replacing what it said before. Ids no list
   * or cache answers are queued (once, whoever else wants them); `first` puts them before the
   * others (an open document before the rest of the workspace). Queued ids nobody shows any more
   * are dropped.
   */
  want(owner: string, ids: Iterable<WantedId>, options: { first?: boolean } = {}): void {
    if (this.isDisposed) return;
    const next = new Map<string, string | undefined>();
    for (const { id, preferred } of ids) if (!next.has(id)) next.set(id, preferred);
    const first = options.first === true;
    const before = this.wants.get(owner)?.ids;
    if (next.size) this.wants.set(owner, { ids: next, first });
    else this.wants.delete(owner);
    for (const id of next.keys()) if (!before?.has(id)) this.wanted.set(id, (this.wanted.get(id) ?? 0) + 1);
    for (const id of before?.keys() ?? []) if (!next.has(id)) this.unwant(id);
    for (const [id, preferred] of next) this.enqueue(id, preferred, first);
    this.pump();
  }

  /** `owner` shows nothing any more (a file closed, a view hidden). */
  release(owner: string): void {
    this.want(owner, []);
  }

  get status(): ChecksStatus {
    const all = this.workspaces.all;
    const keys = this.keyStates(all);
    let pausedUntil: number | undefined;
    if (this.urgent.size || this.queue.size) {
      for (const workspace of keys.keyed) {
        const until = this.pausedUntil(workspace);
        if (until !== undefined && (pausedUntil === undefined || until < pausedUntil)) pausedUntil = until;
      }
    }
    return {
      noWorkspace: !all.length,
      noKey: !keys.keyed.length && !keys.reading,
      pausedUntil: pausedUntil === undefined ? undefined : new Date(pausedUntil),
      queued: this.urgent.size + this.queue.size,
      inFlight: this.inFlight.size,
    };
  }

  // ---- The queue ------------------------------------------------------------------------------

  private enqueue(id: string, preferred: string | undefined, first: boolean): void {
    if (this.inFlight.has(id) || this.failed.has(id)) return;
    if (this.answer(id, preferred).kind !== 'unknown' || !this.needsAsking(id, preferred).length) return;
    if (first) {
      // An open document's id moves ahead of the workspace's.
      this.queue.delete(id);
      if (!this.urgent.has(id)) this.urgent.set(id, preferred);
    } else if (!this.urgent.has(id) && !this.queue.has(id)) {
      this.queue.set(id, preferred);
    }
  }

  private unwant(id: string): void {
    const count = (this.wanted.get(id) ?? 0) - 1;
    if (count > 0) {
      this.wanted.set(id, count);
      return;
    }
    this.wanted.delete(id);
    this.urgent.delete(id);
    this.queue.delete(id);
    this.failed.delete(id);
  }

  /** Starts questions while there is room; when every waiting id is held back, wakes when a budget lifts. */
  private pump(): void {
    if (this.isDisposed) return;
    let earliestResume = this.everyKeyHeld();
    if (earliestResume !== undefined) {
      // Nothing can be sent anywhere: no need to look at each waiting id.
      this.scheduleWake(earliestResume);
      this.noteStatus();
      return;
    }
    for (const queue of [this.urgent, this.queue]) {
      for (const [id, preferred] of queue) {
        if (this.inFlight.size >= this.maxInFlight) break;
        // A list page or another question may have answered it while it waited: then it costs nothing.
        if (!this.wanted.has(id) || this.answer(id, preferred).kind !== 'unknown' || !this.needsAsking(id, preferred).length) {
          queue.delete(id);
          continue;
        }
        const held = this.heldFor(id, preferred);
        if (held) {
          if (earliestResume === undefined || held.until < earliestResume) earliestResume = held.until;
          continue;
        }
        queue.delete(id);
        this.start(id, preferred);
      }
    }
    this.scheduleWake(earliestResume);
    this.noteStatus();
  }

  private start(id: string, preferred: string | undefined): void {
    const controller = new AbortController();
    this.inFlight.set(id, controller);
    // Read as background work: the client holds it back while the budget is nearly used up (the
    // check before sending here is the same rule, so a paused answer is the exception).
    const options: ResolveOptions = { preferred, signal: controller.signal, background: true };
    const settle = (resolution: Resolution) => {
      if (this.inFlight.get(id) === controller) this.inFlight.delete(id);
      if (this.isDisposed) return;
      if (resolution.kind === 'failed') this.failedWith(id, preferred, resolution.workspace, resolution.error, controller.signal.aborted);
      else this.failed.delete(id);
      this.changed.fire({ ids: [id] });
      this.pump();
    };
    // resolve() never throws; were it to, the id must still leave the in-flight set.
    this.resolver.resolve(id, options).then(settle, (thrown: unknown) => settle({ kind: 'failed', workspace: undefined, error: asBrazeError(thrown) }));
  }

  private failedWith(id: string, preferred: string | undefined, workspace: Workspace | undefined, error: BrazeError, abortedHere: boolean): void {
    if (error.kind === 'aborted') {
      // Aborted by us (disposed, or nobody wants it): done. Otherwise its workspace dropped its data
      // (a key changed) while asking: ask again.
      if (!abortedHere && this.wanted.has(id)) this.enqueue(id, preferred, true);
      return;
    }
    if (error.kind === 'rate-limited' && workspace) {
      // A 429, or the client holding back background work: wait for the budget, keeping the id.
      const until = error.resetAt?.getTime() ?? this.now() + (this.options.rateLimitedMs ?? DEFAULT_RATE_LIMITED_MS);
      this.blocked.set(workspace, Math.max(until, this.blocked.get(workspace) ?? 0));
      if (this.wanted.has(id)) this.enqueue(id, preferred, true);
      return;
    }
    if ((error.kind === 'invalid-key' || error.kind === 'missing-permission') && workspace) {
      // The key cannot read details: held until it changes (or a while passes), keeping the id.
      this.refused.set(workspace, this.now() + (this.options.retryFailedMs ?? DEFAULT_RETRY_FAILED_MS));
      if (this.wanted.has(id)) this.enqueue(id, preferred, false);
      return;
    }
    // No key any more: `answer` says so. Anything else may clear up: asked again later, not at once.
    if (error.kind === 'no-key' || error.kind === 'no-endpoint') return;
    this.failed.set(id, this.now() + (this.options.retryFailedMs ?? DEFAULT_RETRY_FAILED_MS));
    this.scheduleRetry();
  }

  /** When every keyed workspace is held back: the earliest it lifts (epoch ms); else undefined. */
  private everyKeyHeld(): number | undefined {
    if (!this.urgent.size && !this.queue.size) return undefined;
    let earliest: number | undefined;
    for (const workspace of this.workspaces.all) {
      if (workspace.keyState !== true) continue;
      const until = this.heldUntil(workspace);
      if (until === undefined) return undefined;
      if (earliest === undefined || until < earliest) earliest = until;
    }
    return earliest;
  }

  /** The keyed workspaces that would be asked about `id`: those whose cache does not already say "not found". */
  private needsAsking(id: string, preferred: string | undefined): Workspace[] {
    return this.resolver.order(id, preferred).filter((workspace) => workspace.keyState === true && workspace.service.peek(id)?.kind !== 'missing');
  }

  /**
   * Whether a workspace `id` needs is held back: until when (epoch ms, the latest of them), and
   * whether one of them is because its key was refused (a failure, not a wait for the budget).
   */
  private heldFor(id: string, preferred: string | undefined): { until: number; refused: boolean } | undefined {
    let held: { until: number; refused: boolean } | undefined;
    for (const workspace of this.needsAsking(id, preferred)) {
      const until = this.heldUntil(workspace);
      if (until === undefined) continue;
      const refused = this.refusedUntil(workspace) !== undefined;
      held = { until: Math.max(until, held?.until ?? 0), refused: refused || held?.refused === true };
    }
    return held;
  }

  private heldUntil(workspace: Workspace): number | undefined {
    const paused = this.pausedUntil(workspace);
    const refused = this.refusedUntil(workspace);
    if (paused === undefined) return refused;
    return refused === undefined ? paused : Math.max(paused, refused);
  }

  private refusedUntil(workspace: Workspace): number | undefined {
    const until = this.refused.get(workspace);
    if (until === undefined) return undefined;
    if (until > this.now()) return until;
    this.refused.delete(workspace);
    return undefined;
  }

  /** Until when background requests to `workspace` wait (epoch ms): a low budget, or a 429 seen here. */
  private pausedUntil(workspace: Workspace): number | undefined {
    const now = this.now();
    const low = backgroundPausedUntil(workspace.rateLimit, now)?.getTime();
    const blocked = this.blocked.get(workspace);
    const held = blocked !== undefined && blocked > now ? blocked : undefined;
    if (blocked !== undefined && held === undefined) this.blocked.delete(workspace);
    if (low === undefined) return held;
    return held === undefined ? low : Math.max(low, held);
  }

  private scheduleWake(at: number | undefined): void {
    if (at === undefined) {
      this.wake?.dispose();
      this.wake = this.wakeAt = undefined;
      return;
    }
    if (this.wakeAt === at) return;
    this.wake?.dispose();
    this.wakeAt = at;
    const timer = setTimeout(() => {
      this.wake = this.wakeAt = undefined;
      this.pump();
    }, Math.max(0, at - this.now()) + RESUME_MARGIN_MS);
    this.wake = { dispose: () => clearTimeout(timer) };
  }

  /** One timer, for the earliest failure to ask about again. */
  private scheduleRetry(): void {
    if (this.retryTimer || !this.failed.size) return;
    let next = Infinity;
    for (const at of this.failed.values()) next = Math.min(next, at);
    const timer = setTimeout(() => {
      this.retryTimer = undefined;
      const now = this.now();
      const due = [...this.failed].filter(([, at]) => at <= now).map(([id]) => id);
      for (const id of due) this.failed.delete(id);
      this.requeueWanted();
      this.scheduleRetry();
      if (due.length) this.changed.fire({ ids: due });
      this.pump();
    }, Math.max(0, next - this.now()));
    this.retryTimer = { dispose: () => clearTimeout(timer) };
  }

  // ---- Events from the workspaces ----------------------------------------------------------------

  private segmentsChanged(ids: readonly string[] | undefined): void {
    // A cache cleared (ids undefined) may bring questions back; a list page only removes them.
    if (ids === undefined) this.requeueWanted();
    this.changed.fire({ ids });
    this.pump();
  }

  /** Workspaces or keys changed: old failures and holds no longer say anything. */
  private everythingChanged(workspace?: Workspace): void {
    this.failed.clear();
    this.retryTimer?.dispose();
    this.retryTimer = undefined;
    if (workspace) {
      this.blocked.delete(workspace);
      this.refused.delete(workspace);
    }
    for (const held of [this.blocked, this.refused]) for (const known of [...held.keys()]) if (!this.workspaces.all.includes(known)) held.delete(known);
    this.readKeys();
    this.requeueWanted();
    this.changed.fire({});
    this.pump();
  }

  private requeueWanted(): void {
    for (const { ids, first } of this.wants.values()) for (const [id, preferred] of ids) this.enqueue(id, preferred, first);
  }

  /** Starts reading the key of each workspace not read yet; when it settles, answers may change. */
  private readKeys(): void {
    for (const workspace of this.workspaces.all) {
      if (workspace.keyState !== undefined || this.keyReads.has(workspace)) continue;
      this.keyReads.add(workspace);
      void workspace.hasKey().then(() => {
        if (this.isDisposed || !this.workspaces.all.includes(workspace)) return;
        this.requeueWanted();
        this.changed.fire({});
        this.pump();
      });
    }
  }

  private keyStates(all: readonly Workspace[]): { keyed: Workspace[]; reading: boolean } {
    const keyed: Workspace[] = [];
    let reading = false;
    for (const workspace of all) {
      const state = workspace.keyState;
      if (state === true) keyed.push(workspace);
      else if (state === undefined) reading = true;
    }
    if (reading) this.readKeys();
    return { keyed, reading };
  }

  private noteStatus(): void {
    const { noWorkspace, noKey, pausedUntil } = this.status;
    const key = `${noWorkspace}:${noKey}:${pausedUntil?.getTime() ?? ''}`;
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    this.statusChanged.fire();
  }

  private stopAll(): void {
    this.wake?.dispose();
    this.retryTimer?.dispose();
    this.urgent.clear();
    this.queue.clear();
    for (const controller of this.inFlight.values()) controller.abort();
    this.inFlight.clear();
  }
}

/** The unknown answers, built once: `answer` runs for every id of every file on each redraw. */
const UNKNOWN = {
  noKey: { kind: 'unknown', why: 'no-key' },
  checking: { kind: 'unknown', why: 'checking' },
  paused: { kind: 'unknown', why: 'paused' },
  failed: { kind: 'unknown', why: 'failed' },
} as const satisfies Record<string, SegmentCheck>;
