// WorkspaceRegistry: the user's workspaces as live objects, updated at runtime as settings change.
import assert from 'node:assert/strict';
import type { Workspace } from '../../../src/segments/workspace';
import { KEYS, KNOWN_SEGMENT_ID, STAGING_KEYS, STAGING_SEGMENT_ID } from '../../server/fixtures';
import { rejection, useBrazeServer } from '../helpers';
import { useWorkspaces, type WorkspaceSpec } from '../workspaces';

describe('WorkspaceRegistry', () => {
  const h = useBrazeServer();
  const workspaces = useWorkspaces(h);
  const PRODUCTION: WorkspaceSpec = { name: 'Production', key: KEYS.all };
  const STAGING: WorkspaceSpec = { name: 'Staging', key: STAGING_KEYS.all };
  const names = (list: readonly Workspace[]) => list.map((workspace) => workspace.name);

  /** A registry of Production and Staging, each with details cached, and a count of onDidChange. */
  const loaded = async () => {
    const setup = workspaces([PRODUCTION, STAGING]);
    const production = setup.get('Production');
    const staging = setup.get('Staging');
    await production.service.getDetails(KNOWN_SEGMENT_ID);
    await staging.service.getDetails(STAGING_SEGMENT_ID);
    const counter = { changes: 0 };
    setup.registry.onDidChange(() => counter.changes++);
    return { ...setup, production, staging, counter };
  };

  it('holds the configured workspaces in the user order', () => {
    const { registry } = workspaces([PRODUCTION, STAGING]);
    assert.deepEqual(names(registry.all), ['Production', 'Staging']);
    assert.equal(registry.several, true);
    assert.equal(registry.get('Staging')?.keyId, 'key.Staging');
    assert.equal(registry.get('staging'), undefined, 'names are exact');
  });

  it('ordered(): the preferred workspace first, the others in the user order', () => {
    const { registry } = workspaces([PRODUCTION, STAGING, { name: 'Sandbox' }]);
    assert.deepEqual(names(registry.ordered()), ['Production', 'Staging', 'Sandbox']);
    assert.deepEqual(names(registry.ordered('Sandbox')), ['Sandbox', 'Production', 'Staging']);
    assert.deepEqual(names(registry.ordered('Staging')), ['Staging', 'Production', 'Sandbox']);
    assert.deepEqual(names(registry.ordered('Gone')), ['Production', 'Staging', 'Sandbox'], 'an unknown name changes nothing');
    assert.notEqual(registry.ordered(), registry.all, 'a copy: the caller may change it');
  });

  it('the same list again changes nothing: same objects, caches kept, no event', async () => {
    const { registry, production, staging, counter, configs } = await loaded();
    assert.equal(registry.update(configs([PRODUCTION, STAGING])), false);
    assert.equal(counter.changes, 0);
    assert.equal(registry.get('Production'), production);
    assert.equal(registry.get('Staging'), staging);
    assert.equal(production.service.peek(KNOWN_SEGMENT_ID)?.kind, 'found');
    assert.equal(staging.service.peek(STAGING_SEGMENT_ID)?.kind, 'found');
  });

  it('a workspace added at runtime is new; the others keep their objects and caches', async () => {
    const { registry, production, staging, counter, configs } = await loaded();
    assert.equal(registry.update(configs([PRODUCTION, { name: 'Sandbox' }, STAGING])), true);
    assert.equal(counter.changes, 1);
    assert.deepEqual(names(registry.all), ['Production', 'Sandbox', 'Staging']);
    assert.equal(registry.get('Production'), production);
    assert.equal(registry.get('Staging'), staging);
    assert.equal(staging.service.peek(STAGING_SEGMENT_ID)?.kind, 'found');
    h.server.resetRecords();
    assert.equal((await production.service.getDetails(KNOWN_SEGMENT_ID)).name, 'Lapsed buyers (EU)');
    assert.equal(h.server.requests.length, 0, 'still cached');
  });

  it('reordering keeps every object and says so', async () => {
    const { registry, production, staging, counter, configs } = await loaded();
    assert.equal(registry.update(configs([STAGING, PRODUCTION])), true);
    assert.equal(counter.changes, 1);
    assert.deepEqual(registry.all, [staging, production]);
    assert.equal(production.service.peek(KNOWN_SEGMENT_ID)?.kind, 'found');
  });

  it('a removed workspace is disposed: its service and catalog fire no more, it sends nothing, the registry relays nothing', async () => {
    const { registry, staging, counter, configs, keys } = await loaded();
    let events = 0;
    staging.service.onDidChange(() => events++);
    staging.catalog.onDidChange(() => events++);
    let relayed = 0;
    registry.onDidChangeWorkspace(() => relayed++);
    registry.onDidChangeHealth(() => relayed++);

    assert.equal(registry.update(configs([PRODUCTION])), true);
    assert.equal(counter.changes, 1);
    assert.deepEqual(names(registry.all), ['Production']);
    assert.equal(registry.several, false);
    events = 0;
    h.server.resetRecords();

    staging.service.rememberSummaries([{ id: STAGING_SEGMENT_ID, name: 'Renamed', tags: [] }]);
    await staging.catalog.load('desc');
    assert.equal((await rejection(staging.service.getDetails(KNOWN_SEGMENT_ID))).kind, 'aborted');
    keys.set('key.Staging', KEYS.all);
    await staging.keyChanged();
    assert.equal(events, 0, 'its service and catalog are silent');
    assert.equal(relayed, 0);
    assert.equal(h.server.requests.length, 0, 'a removed workspace sends nothing');
  });

  it('a renamed workspace is another one: a new object with an empty cache, the old one disposed', async () => {
    const { registry, production, staging, counter, configs } = await loaded();
    let oldEvents = 0;
    production.service.onDidChange(() => oldEvents++);
    assert.equal(registry.update(configs([{ ...PRODUCTION, name: 'Live', keyId: 'key.Production' }, STAGING])), true);
    assert.equal(counter.changes, 1);
    const live = registry.get('Live');
    assert.ok(live && live !== production);
    assert.equal(registry.get('Production'), undefined);
    assert.equal(registry.get('Staging'), staging);
    assert.equal(live.service.peek(KNOWN_SEGMENT_ID), undefined, 'nothing carried over');
    oldEvents = 0;
    assert.equal((await live.service.getDetails(KNOWN_SEGMENT_ID)).name, 'Lapsed buyers (EU)', 'the same key slot still answers');
    assert.equal(oldEvents, 0);
    assert.equal((await rejection(production.connect())).kind, 'aborted');
  });

  it('a new endpoint or key slot under the same name is another workspace too', async () => {
    const { registry, production, configs } = await loaded();
    registry.update(configs([{ ...PRODUCTION, keyId: 'key.Other' }, STAGING]));
    const moved = registry.get('Production');
    assert.ok(moved && moved !== production);
    assert.equal(moved.keyId, 'key.Other');
    registry.update(configs([{ ...PRODUCTION, keyId: 'key.Other', endpoint: 'http://127.0.0.1:9' }, STAGING]));
    assert.notEqual(registry.get('Production'), moved);
    assert.equal(registry.get('Production')?.endpoint, 'http://127.0.0.1:9');
  });

  it("relays each workspace's key and health changes, with the workspace", async () => {
    const { registry, production, staging, keys } = await loaded();
    const workspace: string[] = [];
    const health: string[] = [];
    registry.onDidChangeWorkspace((changed) => workspace.push(changed.name));
    registry.onDidChangeHealth((changed) => health.push(changed.name));
    await staging.service.getDetails(STAGING_SEGMENT_ID, { refresh: true });
    assert.ok(health.length > 0 && !health.some((name) => name !== 'Staging'), health.join());
    health.length = 0;
    keys.set('key.Production', KEYS.noList);
    await production.keyChanged();
    assert.deepEqual(workspace, ['Production']);
    assert.ok(health.includes('Production'));
    // A workspace added later is relayed too.
    registry.update([...registry.all, { name: 'Sandbox', endpoint: h.server.url, keyId: 'key.Sandbox' }]);
    keys.set('key.Sandbox', KEYS.all);
    await registry.get('Sandbox')?.keyChanged();
    assert.deepEqual(workspace, ['Production', 'Sandbox']);
  });

  it('disposing it disposes every workspace', async () => {
    const { registry, production, staging } = await loaded();
    registry.dispose();
    assert.equal((await rejection(production.connect())).kind, 'aborted');
    assert.equal((await rejection(staging.connect())).kind, 'aborted');
  });
});
