// One Braze workspace: what a REST key belongs to. It owns everything that is that workspace's own:
// its client (rebuilt when its key or the timeout changes), its rate limit, how its last request
// went, its SegmentService cache, its size history, its SegmentCatalog and its saved snapshot. Two
// workspaces share nothing but the HTTP connections, so a 429 in Staging never blocks Production.
// Whether a key is stored is read once and kept until the key changes: every redraw asks.
import * as l10n from '@vscode/l10n';
import type { BrazeClient, RequestLogEntry } from '../braze/client';
import { BrazeError } from '../braze/errors';
import { dashboardUrlFor, instanceLabel } from '../braze/instances';
import { sameTags } from '../braze/model';
import type { RateLimit } from '../braze/rateLimit';
import { Emitter, type Event } from '../common/events';
import { Disposable, disposableTimeout, type IDisposable, toDisposable } from '../common/lifecycle';
import { SegmentCatalog } from './segmentCatalog';
import { SegmentService } from './segmentService';
import { SizeHistory } from './sizeHistory';

export interface WorkspaceConfig {
  /** Unique among the user's workspaces: what the user sees and picks. */
  readonly name: string;
  /** The checked REST endpoint (`checkEndpoint`). */
  readonly endpoint: string;
  /** Where its key is kept in SecretStorage. */
  readonly keyId: string;
}

/** What a workspace needs from outside: its key, clients over the shared transport, settings. */
export interface WorkspaceDeps {
  readKey(keyId: string): Promise<string | undefined>;
  createClient(endpoint: string, key: string, hooks: ClientHooks): BrazeClient;
  /** Read on every request, so a settings change applies to the next one. */
  timeoutMs(): number;
  ttlMs(): number;
  /** Where the snapshot of fetched details is kept across reloads (none: nothing is kept). */
  snapshots?: SnapshotStore;
  onInternalError?(error: BrazeError): void;
  now?(): number;
  /** How long snapshot saves wait for more changes (default 2 s). */
  saveDelayMs?: number;
}

export interface ClientHooks {
  onRequest(entry: RequestLogEntry): void;
  onRateLimit(rateLimit: RateLimit): void;
}

export interface SnapshotStore {
  read(): unknown;
  /** May return a promise (a Memento's update): nobody waits for it. */
  write(snapshot: unknown): unknown;
}

/** How the last request of this workspace's key went: Braze answered, or it failed in a way the user should know. */
export type LastOutcome = { ok: true; at: Date } | { ok: false; at: Date; error: BrazeError };

export class Workspace extends Disposable implements WorkspaceConfig {
  readonly name: string;
  readonly endpoint: string;
  readonly keyId: string;
  /** `US-03`, or the host of a custom endpoint. */
  readonly instance: string;
  readonly dashboardUrl: string | undefined;
  readonly service: SegmentService;
  readonly sizeHistory: SizeHistory;
  readonly catalog: SegmentCatalog;

  // A true private field: the key it holds is out of reach of any other code in the extension host.
  #client: { client: BrazeClient; key: string; timeoutMs: number } | undefined;
  private keyRead: Promise<string | undefined> | undefined;
  private keyKnown: boolean | undefined;
  /** While `keyChanged()` calls are deciding: the read of the key everything held was fetched with. */
  private keyBeforeChange: { read: Promise<string | undefined> | undefined } | undefined;
  private keyDecision: Promise<void> | undefined;
  private limit: RateLimit | undefined;
  private last: LastOutcome | undefined;
  private pendingSave: IDisposable | undefined;
  private readonly changed = this._register(new Emitter<void>());
  private readonly healthChanged = this._register(new Emitter<void>());
  private readonly requested = this._register(new Emitter<RequestLogEntry>());

  /** Its key was set or removed: everything fetched before is dropped (it may be another workspace's). */
  readonly onDidChange: Event<void> = this.changed.event;
  /** The rate limit or the last request's outcome changed (the status bar redraws). */
  readonly onDidChangeHealth: Event<void> = this.healthChanged.event;
  /** Each request the stored key's client sent, with its outcome. */
  readonly onDidRequest: Event<RequestLogEntry> = this.requested.event;

  constructor(
    config: WorkspaceConfig,
    private readonly deps: WorkspaceDeps,
  ) {
    super();
    this.name = config.name;
    this.endpoint = config.endpoint;
    this.keyId = config.keyId;
    this.instance = instanceLabel(config.endpoint);
    this.dashboardUrl = dashboardUrlFor(config.endpoint);
    const connect = () => this.connect();
    const { ttlMs, onInternalError, now } = deps;
    this.service = this._register(new SegmentService({ connect, ttlMs, onInternalError, now }));
    this.sizeHistory = new SizeHistory({ connect, ttlMs, onInternalError, now });
    this.catalog = this._register(
      new SegmentCatalog({ connect, onPage: (rows) => this.service.rememberSummaries(rows), onInternalError, now, rateLimit: () => this.limit }),
    );
    this._register(this.service.onDidChange(({ ids }) => this.syncNames(ids)));
    // Hovers skip ids the complete list lacks (unless their own line says "segment"): they need to know.
    this._register(this.catalog.onDidChange((state) => this.service.setListComplete(state.complete && !state.stopped && !state.error && !state.loading)));
    this.restoreSnapshot();
  }

  /** Whether a key is stored; read from SecretStorage once, then kept until `keyChanged()`. */
  async hasKey(): Promise<boolean> {
    return (await this.readKey()) !== undefined;
  }

  /** `hasKey()` without waiting: undefined until the first read settled. */
  get keyState(): boolean | undefined {
    return this.keyKnown;
  }

  get rateLimit(): RateLimit | undefined {
    return this.limit;
  }

  get lastOutcome(): LastOutcome | undefined {
    return this.last;
  }

  /** Forgets a rate-limit failure once its block has passed (the status bar's wake-up). */
  forgetRateLimitFailure(): void {
    if (this.last && !this.last.ok && this.last.error.kind === 'rate-limited') {
      this.last = undefined;
      this.healthChanged.fire();
    }
  }

  /** A client for this workspace's key; a `no-key` BrazeError when none is stored. */
  async connect(): Promise<BrazeClient> {
    const key = await this.readKey();
    if (this.isDisposed) throw new BrazeError('aborted', `The workspace ${this.name} was removed.`);
    if (!key) throw new BrazeError('no-key', l10n.t('No API key is set for {0}.', this.label));
    const timeoutMs = this.deps.timeoutMs();
    const current = this.#client;
    if (current && current.key === key && current.timeoutMs === timeoutMs) return current.client;
    const client = this.deps.createClient(this.endpoint, key, {
      onRequest: (entry) => {
        if (this.#client?.client !== client) return;
        this.requested.fire(entry);
        const outcome = outcomeOf(entry, this.deps.now?.() ?? Date.now());
        if (outcome) {
          this.last = outcome;
          this.healthChanged.fire();
        }
      },
      onRateLimit: (rateLimit) => {
        if (this.#client?.client !== client) return;
        this.limit = rateLimit;
        this.healthChanged.fire();
      },
    });
    this.#client = { client, key, timeoutMs };
    return client;
  }

  /** "Staging (US-03)", or the instance alone when the name is the instance. */
  get label(): string {
    return this.name === this.instance ? this.instance : `${this.name} (${this.instance})`;
  }

  /**
   * Its key may have been set or removed (here or in another window; both say so, so this runs
   * twice for one change). When the stored key really differs, the client goes, and so does
   * everything fetched with the old key, which may have been another workspace's. Resolves when
   * that is decided.
   */
  async keyChanged(): Promise<void> {
    // Compared with the key read before the first of the calls still deciding: a second call for
    // the same change would otherwise compare the new key with itself, and nobody would drop anything.
    const base = (this.keyBeforeChange ??= { read: this.keyRead });
    this.keyRead = undefined;
    const read = this.readKey();
    const decision = this.decideKeyChange(base.read, read);
    this.keyDecision = decision;
    return decision;
  }

  private async decideKeyChange(before: Promise<string | undefined> | undefined, read: Promise<string | undefined>): Promise<void> {
    const [oldKey, newKey] = await Promise.all([before, read]);
    // A later call read again meanwhile: it decides, against the same key from before.
    if (this.keyRead !== read) return this.keyDecision;
    this.keyBeforeChange = undefined;
    if (oldKey === newKey || this.isDisposed) return;
    this.#client = undefined;
    this.limit = undefined;
    this.last = undefined;
    this.service.clear();
    this.sizeHistory.clear();
    this.catalog.clear();
    this.changed.fire();
    this.healthChanged.fire();
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.flushSnapshot();
    this.#client = undefined;
    this.sizeHistory.clear();
    super.dispose();
  }

  private readKey(): Promise<string | undefined> {
    if (!this.keyRead) {
      const read = this.deps.readKey(this.keyId).then(
        (key) => {
          if (this.keyRead === read) this.keyKnown = key !== undefined;
          return key;
        },
        // SecretStorage failed to answer: no key to send, and the read has settled.
        () => {
          if (this.keyRead === read) this.keyKnown = false;
          return undefined;
        },
      );
      this.keyRead = read;
    }
    return this.keyRead;
  }

  /** One source of truth for what a segment is called: details fetched anywhere update the list. */
  private syncNames(ids: readonly string[] | undefined): void {
    // Most changes are list pages whose rows already agree with the details: those cost no search.
    for (const id of ids ?? []) {
      const cached = this.service.peek(id);
      const listed = this.service.summary(id);
      if (cached?.kind !== 'found' || !listed) continue;
      const { name, tags } = cached.details;
      if ((name ?? listed.name) !== listed.name || !sameTags(tags, listed.tags)) this.catalog.applyDetails(cached.details);
    }
  }

  /**
   * The saved snapshot is read and checked on first use, entry by entry (a hover checks only its
   * own), not here: activation costs the same with 2,000 entries saved as with none.
   */
  private restoreSnapshot(): void {
    const store = this.deps.snapshots;
    if (!store) return;
    this.service.restoreOnFirstUse(() => store.read(), this.endpoint);
    this._register(this.service.onDidChangeSnapshot(() => this.scheduleSave()));
    this._register(toDisposable(() => this.pendingSave?.dispose()));
  }

  private scheduleSave(): void {
    if (this.pendingSave || this.isDisposed) return;
    this.pendingSave = disposableTimeout(() => this.saveInSteps(), this.deps.saveDelayMs ?? 2000);
  }

  /**
   * The saved entries nobody asked for yet are checked a few hundred per task before the save,
   * which then holds them too: no single step as long as restoring everything at once.
   */
  private saveInSteps(): void {
    if (!this.service.restoreSavedSome(SAVED_ENTRIES_PER_STEP)) {
      this.pendingSave = disposableTimeout(() => this.saveInSteps(), 0);
      return;
    }
    this.pendingSave = undefined;
    void this.deps.snapshots?.write(this.service.snapshot(this.endpoint));
  }

  private flushSnapshot(): void {
    if (!this.pendingSave) return;
    this.pendingSave.dispose();
    this.pendingSave = undefined;
    void this.deps.snapshots?.write(this.service.snapshot(this.endpoint));
  }
}

/** How many saved entries one step of a save checks (about 5 ms of work). */
const SAVED_ENTRIES_PER_STEP = 200;

/** Braze answering at all is a success (a 404 or a 403 too); these failures are the user's business. */
function outcomeOf(entry: RequestLogEntry, now: number): LastOutcome | undefined {
  const at = new Date(now);
  const error = entry.error;
  if (!error) return { ok: true, at };
  switch (error.kind) {
    case 'aborted':
    case 'invalid-id':
      return undefined;
    case 'not-found':
    case 'missing-permission':
    case 'bad-request':
      return { ok: true, at };
    default:
      return { ok: false, at, error };
  }
}
