// SegmentResolver: which workspace knows an id, asked in order over real clients, with the server's
// record of which key was sent for which id as the witness.
import assert from 'node:assert/strict';
import type { Workspace } from '../../../src/segments/workspace';
import { KEYS, KNOWN_SEGMENT_ID, STAGING_KEYS, STAGING_SEGMENT_ID, UNICODE_SEGMENT_ID, UNKNOWN_SEGMENT_ID } from '../../server/fixtures';
import { useBrazeServer } from '../helpers';
import { useWorkspaces, type WorkspaceSpec } from '../workspaces';

describe('SegmentResolver', () => {
  const h = useBrazeServer();
  const workspaces = useWorkspaces(h);
  const PRODUCTION: WorkspaceSpec = { name: 'Production', key: KEYS.all };
  const STAGING: WorkspaceSpec = { name: 'Staging', key: STAGING_KEYS.all };
  // A second key of the production Braze workspace, set up as a workspace of its own.
  const SANDBOX: WorkspaceSpec = { name: 'Sandbox', key: KEYS.noList };

  const setup = (specs: readonly WorkspaceSpec[] = [PRODUCTION, STAGING]) => workspaces(specs);
  /** [key, segment_id, status] of each details request, in order. */
  const detailsSent = () => h.server.requests.filter((request) => request.pathname === '/segments/details').map((request) => [request.key, request.query.segment_id, request.status]);
  const names = (list: readonly Workspace[]) => list.map((workspace) => workspace.name);

  describe('order', () => {
    it('asks the preferred workspace first and stops there when it knows the id', async () => {
      const { resolver, get } = setup();
      const staging = get('Staging');
      const resolution = await resolver.resolve(STAGING_SEGMENT_ID, { preferred: 'Staging' });
      assert.equal(resolution.kind, 'found');
      assert.equal(resolution.kind === 'found' && resolution.workspace, staging);
      assert.equal(resolution.kind === 'found' && resolution.details.name, 'Staging: QA testers');
      assert.deepEqual(detailsSent(), [[STAGING_KEYS.all, STAGING_SEGMENT_ID, 200]]);
    });

    it('then the others in the user order, until one knows it', async () => {
      const { resolver } = setup([PRODUCTION, STAGING, SANDBOX]);
      assert.deepEqual(names(resolver.order(STAGING_SEGMENT_ID, 'Sandbox')), ['Sandbox', 'Production', 'Staging']);
      const resolution = await resolver.resolve(STAGING_SEGMENT_ID, { preferred: 'Sandbox' });
      assert.equal(resolution.kind === 'found' && resolution.workspace.name, 'Staging');
      assert.deepEqual(detailsSent(), [
        [KEYS.noList, STAGING_SEGMENT_ID, 404],
        [KEYS.all, STAGING_SEGMENT_ID, 404],
        [STAGING_KEYS.all, STAGING_SEGMENT_ID, 200],
      ]);
    });

    it('a Production id is found in Production without asking Staging; asked in Staging first, Staging is asked once', async () => {
      const { resolver, get } = setup();
      const production = get('Production');
      const first = await resolver.resolve(KNOWN_SEGMENT_ID);
      assert.equal(first.kind === 'found' && first.workspace, production);
      assert.deepEqual(detailsSent(), [[KEYS.all, KNOWN_SEGMENT_ID, 200]]);
      h.server.resetRecords();
      const second = await resolver.resolve(UNICODE_SEGMENT_ID, { preferred: 'Staging' });
      assert.equal(second.kind === 'found' && second.workspace, production);
      assert.deepEqual(detailsSent(), [
        [STAGING_KEYS.all, UNICODE_SEGMENT_ID, 404],
        [KEYS.all, UNICODE_SEGMENT_ID, 200],
      ]);
    });

    it('a workspace whose list names the id goes first, before the preferred one: no request to the others', async () => {
      const { resolver, get } = setup();
      const staging = get('Staging');
      await staging.catalog.load('desc');
      h.server.resetRecords();
      assert.deepEqual(names(resolver.order(STAGING_SEGMENT_ID, 'Production')), ['Staging', 'Production']);
      assert.deepEqual(names(resolver.order(KNOWN_SEGMENT_ID, 'Production')), ['Production', 'Staging'], 'an id it does not list: the usual order');
      const resolution = await resolver.resolve(STAGING_SEGMENT_ID, { preferred: 'Production' });
      assert.equal(resolution.kind === 'found' && resolution.workspace, staging);
      assert.equal(h.server.requests.length, 1);
      assert.deepEqual(detailsSent(), [[STAGING_KEYS.all, STAGING_SEGMENT_ID, 200]]);
    });
  });

  describe('negative cache', () => {
    it("remembers each workspace's not-found: a second resolve of an unknown id sends nothing", async () => {
      const { resolver } = setup();
      const first = await resolver.resolve(UNKNOWN_SEGMENT_ID);
      assert.equal(first.kind, 'not-found');
      assert.deepEqual(first.kind === 'not-found' && names(first.asked), ['Production', 'Staging']);
      assert.deepEqual(detailsSent(), [
        [KEYS.all, UNKNOWN_SEGMENT_ID, 404],
        [STAGING_KEYS.all, UNKNOWN_SEGMENT_ID, 404],
      ]);
      h.server.resetRecords();
      const second = await resolver.resolve(UNKNOWN_SEGMENT_ID);
      assert.deepEqual(second.kind === 'not-found' && names(second.asked), ['Production', 'Staging']);
      assert.equal(h.server.requests.length, 0);
    });

    it("an id found in the second workspace costs nothing the next time: the first remembers it lacks it", async () => {
      const { resolver, get } = setup();
      await resolver.resolve(STAGING_SEGMENT_ID);
      assert.equal(get('Production').service.peek(STAGING_SEGMENT_ID)?.kind, 'missing');
      h.server.resetRecords();
      const again = await resolver.resolve(STAGING_SEGMENT_ID);
      assert.equal(again.kind === 'found' && again.workspace.name, 'Staging');
      assert.equal(h.server.requests.length, 0);
    });
  });

  describe('keys and failures', () => {
    it('skips a workspace without a key, sending nothing for it and reading its key slot once', async () => {
      const { resolver, keyReads } = setup([PRODUCTION, { name: 'Staging' }]);
      const resolution = await resolver.resolve(STAGING_SEGMENT_ID, { preferred: 'Staging' });
      assert.equal(resolution.kind, 'not-found');
      assert.deepEqual(resolution.kind === 'not-found' && names(resolution.asked), ['Production']);
      assert.deepEqual(detailsSent(), [[KEYS.all, STAGING_SEGMENT_ID, 404]]);
      await resolver.resolve(UNKNOWN_SEGMENT_ID);
      assert.deepEqual(keyReads.filter((id) => id === 'key.Staging'), ['key.Staging']);
    });

    it('no key anywhere: "set a key", without a request', async () => {
      const { resolver, get } = setup([{ name: 'Production' }, { name: 'Staging' }]);
      const production = get('Production');
      const resolution = await resolver.resolve(KNOWN_SEGMENT_ID);
      assert.equal(resolution.kind, 'failed');
      assert.equal(resolution.kind === 'failed' && resolution.error.kind, 'no-key');
      assert.equal(resolution.kind === 'failed' && resolution.workspace, production);
      assert.match(resolution.kind === 'failed' ? resolution.error.message : '', /any of your Braze workspaces/);
      assert.equal(h.server.requests.length, 0);

      const single = setup([{ name: 'Production' }]);
      const alone = await single.resolver.resolve(KNOWN_SEGMENT_ID);
      assert.match(alone.kind === 'failed' ? alone.error.message : '', /No API key is set for Production \(/);
    });

    it('no workspace at all: "select your instance"', async () => {
      const { resolver } = setup([]);
      const resolution = await resolver.resolve(KNOWN_SEGMENT_ID);
      assert.equal(resolution.kind === 'failed' && resolution.error.kind, 'no-endpoint');
      assert.equal(resolution.kind === 'failed' && resolution.workspace, undefined);
    });

    it('a failing workspace does not hide an id another one knows, and is reported when nobody knows it', async () => {
      const { resolver } = setup([PRODUCTION, { name: 'Staging', key: 'test-key-revoked' }]);
      const found = await resolver.resolve(KNOWN_SEGMENT_ID, { preferred: 'Staging' });
      assert.equal(found.kind === 'found' && found.workspace.name, 'Production');
      const hidden = await resolver.resolve(STAGING_SEGMENT_ID);
      assert.equal(hidden.kind, 'failed', 'Staging might have it: not "not found"');
      assert.equal(hidden.kind === 'failed' && hidden.workspace?.name, 'Staging');
      assert.equal(hidden.kind === 'failed' && hidden.error.kind, 'invalid-key');
    });

    it('a cancelled lookup stops at once: no other workspace is asked', async () => {
      const { resolver } = setup();
      h.server.delayMs = 200;
      const controller = new AbortController();
      const resolving = resolver.resolve(STAGING_SEGMENT_ID, { signal: controller.signal });
      setTimeout(() => controller.abort(), 30);
      const resolution = await resolving;
      assert.equal(resolution.kind === 'failed' && resolution.error.kind, 'aborted');
      assert.equal(resolution.kind === 'failed' && resolution.workspace?.name, 'Production');
      await new Promise((resolve) => setTimeout(resolve, 250));
      assert.deepEqual(h.server.requests.map((request) => request.key), [KEYS.all]);
    });
  });

  describe('without a request', () => {
    it('cached(): the workspace whose cache holds the details', async () => {
      const { resolver, get } = setup();
      const staging = get('Staging');
      assert.equal(resolver.cached(STAGING_SEGMENT_ID), undefined);
      await resolver.resolve(STAGING_SEGMENT_ID);
      const hit = resolver.cached(STAGING_SEGMENT_ID);
      assert.equal(hit?.workspace, staging);
      assert.equal(hit?.cached.details.name, 'Staging: QA testers');
      assert.equal(resolver.cached(UNKNOWN_SEGMENT_ID), undefined);
    });

    it('known(): cached details or a list that names the id; with one workspace, that one', async () => {
      const { resolver, get } = setup();
      const [production, staging] = [get('Production'), get('Staging')];
      assert.equal(resolver.known(STAGING_SEGMENT_ID), undefined);
      await staging.catalog.load('desc');
      await production.service.getDetails(KNOWN_SEGMENT_ID);
      h.server.resetRecords();
      assert.equal(resolver.known(STAGING_SEGMENT_ID), staging, 'from its list');
      assert.equal(resolver.known(KNOWN_SEGMENT_ID, 'Staging'), production, 'from its cache');
      assert.equal(resolver.known(UNKNOWN_SEGMENT_ID), undefined);
      assert.equal(h.server.requests.length, 0);

      const single = setup([PRODUCTION]);
      assert.equal(single.resolver.known(UNKNOWN_SEGMENT_ID), single.get('Production'));
    });
  });
});
