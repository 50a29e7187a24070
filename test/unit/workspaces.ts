// Real Workspaces for the unit tests: each with its own BrazeClient over the harness's shared
// HttpTransport to the test server, wrapped in a WorkspaceRegistry and a SegmentResolver as the
// extension wires them. Keys live in an in-memory key store whose reads are counted.
import type { BrazeClient, RequestLogEntry } from '../../src/braze/client';
import type { CardContext } from '../../src/segments/hoverCard';
import type { CardContextFor } from '../../src/segments/segmentHover';
import { SegmentResolver } from '../../src/segments/segmentResolver';
import { Workspace, type SnapshotStore, type WorkspaceConfig, type WorkspaceDeps } from '../../src/segments/workspace';
import { WorkspaceRegistry } from '../../src/segments/workspaceRegistry';
import type { Harness } from './helpers';

export interface WorkspaceSpec {
  name: string;
  /** The key stored for it; none: no key is set. */
  key?: string;
  /** Defaults to the test server's URL. */
  endpoint?: string;
  /** Defaults to `key.<name>`. */
  keyId?: string;
}

export interface TestWorkspaces {
  registry: WorkspaceRegistry;
  resolver: SegmentResolver;
  /** The key store, by key id: set or delete, then call `keyChanged()`. */
  keys: Map<string, string>;
  /** Every key id `readKey` was asked for, in order. */
  keyReads: string[];
  /** Clients created, by workspace name, in order. */
  clients: Map<string, BrazeClient[]>;
  /** Snapshot stores by workspace name (see `options.snapshots`). */
  snapshots: Map<string, MemoryStore>;
  /** The workspace called `name`; throws when there is none. */
  get(name: string): Workspace;
  /** Configs for `update()`, endpoint and key id filled in. */
  configs(specs: readonly WorkspaceSpec[]): WorkspaceConfig[];
}

export interface WorkspaceOptions {
  ttlMs?: () => number;
  now?: () => number;
  timeoutMs?: () => number;
  /**
   * Give each workspace a snapshot store (`snapshots.get(name)`): new ones, or these (a reload reads
   * what the previous window wrote).
   */
  snapshots?: boolean | Map<string, MemoryStore>;
  saveDelayMs?: number;
}

/** A Memento-like store that keeps what was written and counts the writes. */
export class MemoryStore implements SnapshotStore {
  writes: unknown[] = [];
  constructor(public value: unknown = undefined) {}
  read(): unknown {
    return this.value;
  }
  write(snapshot: unknown): Promise<void> {
    // Through JSON, as a Memento stores it.
    this.value = JSON.parse(JSON.stringify(snapshot)) as unknown;
    this.writes.push(this.value);
    return Promise.resolve();
  }
}

/**
 * Builds workspaces for the current test; they are disposed after it (`useWorkspaces` registers the
 * afterEach that does so).
 */
export function useWorkspaces(h: Harness): (specs: readonly WorkspaceSpec[], options?: WorkspaceOptions) => TestWorkspaces {
  const live: WorkspaceRegistry[] = [];
  afterEach(() => {
    for (const registry of live.splice(0)) registry.dispose();
  });
  return (specs, options = {}) => {
    const keys = new Map<string, string>();
    const keyReads: string[] = [];
    const clients = new Map<string, BrazeClient[]>();
    const snapshots = options.snapshots instanceof Map ? options.snapshots : new Map<string, MemoryStore>();
    const timeoutMs = options.timeoutMs ?? (() => 5000);
    const configs = (list: readonly WorkspaceSpec[]): WorkspaceConfig[] =>
      list.map((spec) => ({ name: spec.name, endpoint: spec.endpoint ?? h.server.url, keyId: spec.keyId ?? `key.${spec.name}` }));
    const initial = configs(specs);
    specs.forEach((spec, i) => {
      if (spec.key !== undefined) keys.set(initial[i].keyId, spec.key);
    });
    const deps = (config: WorkspaceConfig): WorkspaceDeps => {
      let snapshotStore: MemoryStore | undefined;
      if (options.snapshots) {
        snapshotStore = snapshots.get(config.name) ?? new MemoryStore();
        snapshots.set(config.name, snapshotStore);
      }
      return {
        readKey: async (keyId) => {
          keyReads.push(keyId);
          return keys.get(keyId);
        },
        createClient: (endpoint, key, hooks) => {
          const onRequest = (entry: RequestLogEntry) => {
            h.log.push(entry);
            hooks.onRequest(entry);
          };
          const client = h.client({ endpoint, apiKey: key, timeoutMs: timeoutMs(), onRequest, onRateLimit: hooks.onRateLimit });
          clients.set(config.name, [...(clients.get(config.name) ?? []), client]);
          return client;
        },
        timeoutMs,
        ttlMs: options.ttlMs ?? (() => 60_000),
        now: options.now,
        snapshots: snapshotStore,
        saveDelayMs: options.saveDelayMs,
      };
    };
    const registry = new WorkspaceRegistry((config) => new Workspace(config, deps(config)));
    live.push(registry);
    registry.update(initial);
    const get = (name: string) => {
      const workspace = registry.get(name);
      if (!workspace) throw new Error(`no workspace ${name}`);
      return workspace;
    };
    return { registry, resolver: new SegmentResolver(registry), keys, keyReads, clients, snapshots, get, configs };
  };
}

/**
 * The card context the UI gives: the workspace named only when the user has several. `base` is the
 * instance and dashboard (the test server's own label would vary with its port).
 */
export function cardContextFor(registry: WorkspaceRegistry, base: CardContext = { instance: 'US-03', hasDashboard: true }): CardContextFor {
  return (workspace) => ({ ...base, workspace: registry.several ? workspace?.name : undefined });
}
