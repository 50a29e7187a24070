// Workspace: one Braze workspace and everything that is its own (key, client, rate limit, last
// outcome, cache, list, snapshot), against the real test server with a Production and a Staging key.
import assert from 'node:assert/strict';
import { BrazeClient } from '../../../src/braze/client';
import { Workspace, type WorkspaceDeps } from '../../../src/segments/workspace';
import {
  FIXTURE_SEGMENTS,
  KEYS,
  KNOWN_SEGMENT_ID,
  MARKUP_SEGMENT_ID,
  STAGING_KEYS,
  STAGING_SEGMENT_ID,
  STAGING_SEGMENTS,
  STAGING_WORKSPACE,
  UNICODE_SEGMENT_ID,
  UNKNOWN_SEGMENT_ID,
} from '../../server/fixtures';
import { rejection, useBrazeServer } from '../helpers';
import { MemoryStore, useWorkspaces, type WorkspaceOptions } from '../workspaces';

const settle = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Workspace', () => {
  const h = useBrazeServer();
  const workspaces = useWorkspaces(h);
  let clock: number;
  beforeEach(() => {
    clock = 1_000_000;
  });
  afterEach(() => {
    h.server.setSegments(FIXTURE_SEGMENTS);
    h.server.setSegments(STAGING_SEGMENTS, STAGING_WORKSPACE);
    h.server.rateLimitPerHour = 250_000;
    h.server.resetRateLimits();
  });

  const two = (options: WorkspaceOptions = {}) => {
    const setup = workspaces(
      [
        { name: 'Production', key: KEYS.all },
        { name: 'Staging', key: STAGING_KEYS.all },
      ],
      { now: () => clock, ...options },
    );
    return { ...setup, production: setup.get('Production'), staging: setup.get('Staging') };
  };
  /** [key, status] of every request received, in order. */
  const sent = () => h.server.requests.map((request) => [request.key, request.status]);

  describe('its key', () => {
    it('reads the key store once, whoever asks, until keyChanged()', async () => {
      const { production, keyReads, keys } = two();
      assert.equal(production.keyState, undefined, 'nothing read yet');
      assert.deepEqual(await Promise.all([production.hasKey(), production.hasKey(), production.hasKey()]), [true, true, true]);
      assert.equal(production.keyState, true);
      await production.service.getDetails(KNOWN_SEGMENT_ID);
      await production.catalog.load('desc');
      for (let i = 0; i < 10; i++) await production.hasKey();
      assert.deepEqual(keyReads, ['key.Production'], 'one read: requests and redraws use the key read before');

      keys.delete('key.Production');
      assert.equal(await production.hasKey(), true, 'nobody said the key changed: still the one read');
      await production.keyChanged();
      assert.equal(production.keyState, false);
      assert.equal(await production.hasKey(), false);
      await production.hasKey();
      const error = await rejection(production.connect());
      assert.equal(error.kind, 'no-key');
      assert.match(error.message, /Production/);
      assert.deepEqual(keyReads, ['key.Production', 'key.Production'], 'read once more after keyChanged(), and only once');
    });

    it('a keyChanged() that finds the same key keeps everything: client, cache, list and health', async () => {
      const { production, registry } = two();
      await production.service.getDetails(KNOWN_SEGMENT_ID);
      await production.catalog.load('desc');
      const client = await production.connect();
      const { rateLimit, lastOutcome } = production;
      let changes = 0;
      registry.onDidChangeWorkspace(() => changes++);
      await production.keyChanged();
      assert.equal(changes, 0);
      assert.equal(production.service.peek(KNOWN_SEGMENT_ID)?.kind, 'found');
      assert.equal(production.catalog.state.complete, true);
      assert.equal(production.rateLimit, rateLimit);
      assert.equal(production.lastOutcome, lastOutcome);
      assert.equal(await production.connect(), client);
    });

    it('two keyChanged() calls for one change (the command and SecretStorage both say so) drop the old data once', async () => {
      const { production, staging, keys, registry } = two();
      await production.service.getDetails(KNOWN_SEGMENT_ID);
      await production.catalog.load('desc');
      const client = await production.connect();
      await staging.hasKey();
      const changes: string[] = [];
      registry.onDidChangeWorkspace((workspace) => changes.push(workspace.name));
      keys.set('key.Production', KEYS.noList);
      await Promise.all([production.keyChanged(), production.keyChanged()]);
      assert.deepEqual(changes, ['Production']);
      assert.equal(production.service.peek(KNOWN_SEGMENT_ID), undefined, "the old key's details are gone");
      assert.deepEqual(production.catalog.state.segments, [], "and so is the old key's list");
      assert.equal(production.rateLimit, undefined);
      assert.notEqual(await production.connect(), client);
      // Once more, later, for the same change: nothing more to drop.
      await production.service.getDetails(KNOWN_SEGMENT_ID);
      await Promise.all([production.keyChanged(), staging.keyChanged()]);
      assert.deepEqual(changes, ['Production']);
      assert.equal(production.service.peek(KNOWN_SEGMENT_ID)?.kind, 'found');
    });

    it('each workspace reads its own key slot', async () => {
      const { production, staging, keyReads } = two();
      await Promise.all([production.hasKey(), staging.hasKey(), production.hasKey(), staging.hasKey()]);
      assert.deepEqual([...keyReads].sort(), ['key.Production', 'key.Staging']);
    });

    it('a key store that fails to answer counts as no key, and the state says so', async () => {
      const workspace = new Workspace({ name: 'Production', endpoint: h.server.url, keyId: 'k' }, deps({ readKey: () => Promise.reject(new Error('keyring locked')) }));
      try {
        assert.equal(await workspace.hasKey(), false);
        assert.equal(workspace.keyState, false, 'settled: not "still reading"');
        assert.equal((await rejection(workspace.connect())).kind, 'no-key');
        assert.equal(h.server.requests.length, 0);
      } finally {
        workspace.dispose();
      }
    });

    it('a client made from the key read before keyChanged() is dropped: the next connect sends the new key', async () => {
      let stored: string | undefined = KEYS.all;
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      // SecretStorage answers later with what it held when asked.
      const readKey = (): Promise<string | undefined> => {
        const value = stored;
        return gate.then(() => value);
      };
      let health = 0;
      const workspace = new Workspace({ name: 'Production', endpoint: h.server.url, keyId: 'k' }, deps({ readKey }));
      workspace.onDidChangeHealth(() => health++);
      try {
        const connecting = workspace.connect();
        stored = KEYS.noList; // the user sets another key meanwhile
        const changing = workspace.keyChanged();
        release();
        const old = await connecting;
        await changing;
        assert.equal(workspace.keyState, true);
        const client = await workspace.connect();
        assert.notEqual(client, old);
        health = 0;
        await old.getSegmentDetails(KNOWN_SEGMENT_ID);
        assert.equal(health, 0, "the old key's client says nothing about this workspace's health");
        assert.equal(workspace.rateLimit, undefined);
        await workspace.service.getDetails(KNOWN_SEGMENT_ID);
        assert.deepEqual(sent(), [
          [KEYS.all, 200],
          [KEYS.noList, 200],
        ]);
        assert.ok(health > 0 && workspace.rateLimit);
      } finally {
        workspace.dispose();
      }
    });
  });

  describe('keyChanged()', () => {
    it("drops that workspace's cache, list, rate limit and client, and no other workspace's", async () => {
      const { production, staging, keys, registry, clients } = two();
      await production.service.getDetails(KNOWN_SEGMENT_ID);
      await production.catalog.load('desc');
      await staging.service.getDetails(STAGING_SEGMENT_ID);
      await staging.catalog.load('desc');
      const productionClient = await production.connect();
      const stagingClient = await staging.connect();
      assert.ok(production.rateLimit && production.lastOutcome?.ok && production.service.listComplete);
      const stagingLimit = staging.rateLimit;
      const stagingOutcome = staging.lastOutcome;
      assert.ok(stagingLimit && stagingOutcome?.ok && staging.service.listComplete);
      const changed: string[] = [];
      registry.onDidChangeWorkspace((workspace) => changed.push(workspace.name));
      let stagingEvents = 0;
      staging.service.onDidChange(() => stagingEvents++);
      staging.catalog.onDidChange(() => stagingEvents++);

      keys.set('key.Production', KEYS.noList);
      await production.keyChanged();

      assert.deepEqual(changed, ['Production']);
      assert.equal(production.service.peek(KNOWN_SEGMENT_ID), undefined);
      assert.equal(production.service.summary(KNOWN_SEGMENT_ID), undefined);
      assert.equal(production.service.listComplete, false);
      assert.deepEqual(production.catalog.state.segments, []);
      assert.equal(production.rateLimit, undefined);
      assert.equal(production.lastOutcome, undefined);

      assert.equal(stagingEvents, 0, 'nothing happened to Staging');
      assert.equal(staging.service.peek(STAGING_SEGMENT_ID)?.kind, 'found');
      assert.equal(staging.service.summary(STAGING_SEGMENT_ID)?.name, 'Staging: QA testers');
      assert.equal(staging.service.listComplete, true);
      assert.equal(staging.catalog.state.segments.length, STAGING_SEGMENTS.length);
      assert.equal(staging.rateLimit, stagingLimit);
      assert.equal(staging.lastOutcome, stagingOutcome);

      h.server.resetRecords();
      assert.equal(await staging.connect(), stagingClient, "Staging's client stays");
      await staging.service.getDetails(STAGING_SEGMENT_ID);
      assert.equal(h.server.requests.length, 0, "Staging's cache still answers");
      const newClient = await production.connect();
      assert.notEqual(newClient, productionClient, 'Production gets a new client');
      await production.service.getDetails(KNOWN_SEGMENT_ID);
      assert.deepEqual(sent(), [[KEYS.noList, 200]], 'with the new key');
      assert.equal(clients.get('Production')?.length, 2);
      assert.equal(clients.get('Staging')?.length, 1);
    });

    it("what a request of the old key says afterwards lands nowhere: not in the cache, not in the workspace's health", async () => {
      const { production, keys } = two();
      await production.connect();
      h.server.delayMs = 100;
      const sizes = production.sizeHistory.get(KNOWN_SEGMENT_ID, 7);
      const details = production.service.getDetails(MARKUP_SEGMENT_ID);
      await settle(20);
      keys.set('key.Production', KEYS.noList);
      await production.keyChanged();
      assert.equal((await rejection(sizes)).kind, 'aborted');
      assert.equal((await rejection(details)).kind, 'aborted');
      await settle(150);
      assert.equal(production.sizeHistory.fetchedAt(KNOWN_SEGMENT_ID, 7), undefined);
      assert.equal(production.service.peek(MARKUP_SEGMENT_ID), undefined);
      assert.equal(production.rateLimit, undefined, "the old client's rate limit is not this key's");
      assert.equal(production.lastOutcome, undefined);
    });
  });

  describe('rate limits and outcomes', () => {
    it("a 429 for the Staging key leaves Production's requests going, and its rate limit and last outcome untouched", async () => {
      const { production, staging, registry, resolver } = two();
      const health: string[] = [];
      registry.onDidChangeHealth((workspace) => health.push(workspace.name));
      await production.service.getDetails(KNOWN_SEGMENT_ID);
      const productionLimit = production.rateLimit;
      const productionOutcome = production.lastOutcome;
      assert.ok(productionLimit && productionOutcome?.ok);

      // Each key has its own hourly allowance on the server: Staging's runs out at its third request.
      h.server.resetRateLimits();
      h.server.rateLimitPerHour = 2;
      await staging.service.getDetails(STAGING_SEGMENT_ID);
      await staging.service.getDetails(STAGING_SEGMENT_ID, { refresh: true });
      health.length = 0;
      const error = await rejection(staging.service.getDetails(STAGING_SEGMENT_ID, { refresh: true }));
      assert.equal(error.kind, 'rate-limited');
      assert.deepEqual(sent().at(-1), [STAGING_KEYS.all, 429]);
      assert.equal(staging.lastOutcome?.ok, false);
      assert.equal(staging.lastOutcome?.ok === false && staging.lastOutcome.error.kind, 'rate-limited');
      assert.equal(staging.rateLimit?.remaining, 0);
      assert.ok(health.length > 0 && health.every((name) => name === 'Staging'), `health events: ${health.join(', ')}`);

      assert.equal(production.rateLimit, productionLimit, "Production's rate limit is its own");
      assert.equal(production.lastOutcome, productionOutcome, "Production's last outcome is its own");

      h.server.resetRecords();
      await production.service.getDetails(MARKUP_SEGMENT_ID);
      assert.deepEqual(sent(), [[KEYS.all, 200]], 'Production still sends');
      assert.equal(production.lastOutcome?.ok, true);
      // Staging's own client holds the 429: nothing is sent for it...
      assert.equal((await rejection(staging.service.getDetails(STAGING_SEGMENTS[1].id))).kind, 'rate-limited');
      assert.equal(h.server.requests.length, 1);
      // ...and an id asked in Staging first is still found in Production, with one request.
      const resolution = await resolver.resolve(UNICODE_SEGMENT_ID, { preferred: 'Staging' });
      assert.equal(resolution.kind === 'found' && resolution.workspace, production);
      assert.deepEqual(sent(), [
        [KEYS.all, 200],
        [KEYS.all, 200],
      ]);

      staging.forgetRateLimitFailure();
      assert.equal(staging.lastOutcome, undefined);
      assert.equal(production.lastOutcome?.ok, true);
    });

    it('Braze answering is a success, a 404 and a 403 too; a 5xx is a failure worth showing', async () => {
      const { production, keys } = two();
      clock = Date.UTC(2025, 0, 2);
      await rejection(production.service.getDetails(UNKNOWN_SEGMENT_ID));
      assert.deepEqual(production.lastOutcome, { ok: true, at: new Date(clock) });
      keys.set('key.Production', KEYS.noSeries);
      await production.keyChanged();
      clock += 1000;
      assert.equal((await rejection(production.sizeHistory.get(KNOWN_SEGMENT_ID, 7))).kind, 'missing-permission');
      assert.deepEqual(production.lastOutcome, { ok: true, at: new Date(clock) });
      h.server.serverErrors = -1;
      clock += 1000;
      assert.equal((await rejection(production.service.getDetails(MARKUP_SEGMENT_ID))).kind, 'server');
      assert.equal(production.lastOutcome?.ok, false);
      assert.equal(production.lastOutcome?.at.getTime(), clock);
      assert.equal(production.lastOutcome?.ok === false && production.lastOutcome.error.kind, 'server');
    });
  });

  describe('names', () => {
    it("details fetched anywhere rename the list's row; other workspaces' lists stay as they are", async () => {
      const { production, staging } = two();
      await production.catalog.load('desc');
      await staging.catalog.load('desc');
      const row = () => production.catalog.state.segments.find((segment) => segment.id === KNOWN_SEGMENT_ID);
      assert.equal(row()?.name, 'Lapsed buyers (EU)');
      h.server.setSegments(h.server.segments.map((segment) => (segment.id === KNOWN_SEGMENT_ID ? { ...segment, name: 'Lapsed buyers (EU+UK)', tags: ['winback'] } : segment)));
      const stagingRows = staging.catalog.state.segments;
      await production.service.getDetails(KNOWN_SEGMENT_ID);
      assert.equal(row()?.name, 'Lapsed buyers (EU+UK)');
      assert.deepEqual(row()?.tags, ['winback']);
      assert.equal(staging.catalog.state.segments, stagingRows);
    });

    it('a load of the list names ids for the hover and says when it is complete', async () => {
      const { production } = two();
      assert.equal(production.service.listComplete, false);
      await production.catalog.load('desc');
      assert.equal(production.service.summary(KNOWN_SEGMENT_ID)?.name, 'Lapsed buyers (EU)');
      assert.equal(production.service.listComplete, true);
      h.server.serverErrors = -1;
      await production.catalog.load('asc');
      assert.equal(production.service.listComplete, false, 'a failed load is no complete list');
    });
  });

  describe('snapshot', () => {
    it('writes after changes, and a new window restores it without a request', async () => {
      const first = two({ snapshots: true, saveDelayMs: 0 });
      await first.production.service.getDetails(KNOWN_SEGMENT_ID);
      await rejection(first.production.service.getDetails(UNKNOWN_SEGMENT_ID));
      await first.staging.service.getDetails(STAGING_SEGMENT_ID);
      await settle();
      const stores = first.snapshots;
      const entries = (name: string) => (stores.get(name)?.value as { entries: Array<{ id: string }> } | undefined)?.entries.map((entry) => entry.id);
      assert.deepEqual(entries('Production'), [KNOWN_SEGMENT_ID, UNKNOWN_SEGMENT_ID]);
      assert.deepEqual(entries('Staging'), [STAGING_SEGMENT_ID], 'each workspace its own snapshot');
      const writes = stores.get('Production')?.writes.length;

      h.server.resetRecords();
      const second = two({ snapshots: stores, saveDelayMs: 0 });
      assert.equal(second.production.service.peek(KNOWN_SEGMENT_ID)?.kind, 'found');
      assert.equal(second.production.service.peek(UNKNOWN_SEGMENT_ID)?.kind, 'missing');
      assert.equal(second.production.service.peek(STAGING_SEGMENT_ID), undefined);
      assert.equal(second.staging.service.peek(STAGING_SEGMENT_ID)?.kind, 'found');
      assert.equal((await second.production.service.getDetails(KNOWN_SEGMENT_ID)).name, 'Lapsed buyers (EU)');
      assert.equal(h.server.requests.length, 0);
      await settle();
      assert.equal(stores.get('Production')?.writes.length, writes, 'restoring is nothing new to save');
    });

    it('waits for more changes, and a dispose (the workspace removed) writes what is pending at once', async () => {
      const { production, registry, snapshots, configs } = two({ snapshots: true, saveDelayMs: 60_000 });
      await Promise.all([KNOWN_SEGMENT_ID, MARKUP_SEGMENT_ID, UNICODE_SEGMENT_ID].map((id) => production.service.getDetails(id)));
      const store = snapshots.get('Production') as MemoryStore;
      assert.equal(store.writes.length, 0, 'debounced');
      registry.update(configs([{ name: 'Staging' }]));
      assert.equal(store.writes.length, 1, 'flushed on dispose');
      assert.equal((store.value as { entries: unknown[] }).entries.length, 3, 'with the entries, not emptied by the disposal');
      production.dispose();
      await settle();
      assert.equal(store.writes.length, 1, 'nothing more after');
    });

    it("a key change saves the emptied cache: the old key's data does not come back after a reload", async () => {
      const { production, snapshots, keys } = two({ snapshots: true, saveDelayMs: 0 });
      await production.service.getDetails(KNOWN_SEGMENT_ID);
      await settle();
      keys.set('key.Production', KEYS.noList);
      await production.keyChanged();
      await settle();
      assert.deepEqual((snapshots.get('Production')?.value as { entries: unknown[] }).entries, []);
    });

    it('a new window reads its snapshot on first use, not when built, and a save keeps what was not asked for', async () => {
      const first = two({ snapshots: true, saveDelayMs: 0 });
      await Promise.all([KNOWN_SEGMENT_ID, MARKUP_SEGMENT_ID, UNICODE_SEGMENT_ID].map((id) => first.production.service.getDetails(id)));
      await settle();
      const stores = first.snapshots;
      const store = stores.get('Production') as MemoryStore;
      const saved = (store.value as { entries: Array<{ id: string }> }).entries.map((entry) => entry.id);
      assert.equal(saved.length, 3);
      let reads = 0;
      const read = store.read.bind(store);
      store.read = () => {
        reads++;
        return read();
      };

      h.server.resetRecords();
      const second = two({ snapshots: stores, saveDelayMs: 0 });
      assert.equal(reads, 0, 'building the workspace reads no snapshot');
      // A hover of a saved id answers from it at once.
      assert.equal(second.production.service.peek(MARKUP_SEGMENT_ID)?.kind, 'found');
      assert.equal(reads, 1);
      // A change saves the snapshot again: the saved entries never asked for are in it.
      await rejection(second.production.service.getDetails(UNKNOWN_SEGMENT_ID));
      await settle();
      assert.deepEqual(
        (store.value as { entries: Array<{ id: string }> }).entries.map((entry) => entry.id),
        [...saved, UNKNOWN_SEGMENT_ID],
      );
      assert.equal(h.server.requestCount('/segments/details'), 1);
    });

    it("ignores a snapshot of another endpoint's workspace", async () => {
      const first = two({ snapshots: true, saveDelayMs: 0 });
      await first.production.service.getDetails(KNOWN_SEGMENT_ID);
      await settle();
      const moved = workspaces([{ name: 'Production', key: KEYS.all, endpoint: 'http://127.0.0.1:9' }], { snapshots: first.snapshots });
      assert.equal(moved.get('Production').service.peek(KNOWN_SEGMENT_ID), undefined);
    });
  });

  describe('dispose', () => {
    it('a disposed workspace sends nothing and its service and catalog fire nothing', async () => {
      const { production, registry } = two();
      let events = 0;
      production.service.onDidChange(() => events++);
      production.catalog.onDidChange(() => events++);
      production.onDidChange(() => events++);
      production.onDidChangeHealth(() => events++);
      let relayed = 0;
      registry.onDidChangeWorkspace(() => relayed++);
      production.dispose();
      events = 0;
      production.service.rememberSummaries([{ id: KNOWN_SEGMENT_ID, name: 'x', tags: [] }]);
      await production.catalog.load('desc');
      assert.equal((await rejection(production.service.getDetails(KNOWN_SEGMENT_ID))).kind, 'aborted');
      assert.equal((await rejection(production.connect())).kind, 'aborted');
      await production.keyChanged();
      assert.equal(events, 0);
      assert.equal(relayed, 0);
      assert.equal(h.server.requests.length, 0);
    });
  });

  /** Deps for a Workspace built by hand, with a client over the harness's transport. */
  function deps(overrides: Partial<WorkspaceDeps>): WorkspaceDeps {
    return {
      readKey: async () => KEYS.all,
      createClient: (endpoint, apiKey, hooks) => new BrazeClient({ endpoint, apiKey, timeoutMs: 5000, transport: h.transport, retry: { retries: 0 }, ...hooks }),
      timeoutMs: () => 5000,
      ttlMs: () => 60_000,
      now: () => clock,
      ...overrides,
    };
  }
});
