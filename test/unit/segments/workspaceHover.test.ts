// The hover over several workspaces (and over one, as before there were several): which workspace's
// cache, list and key answer, what the card says about it, and what it costs in requests.
import assert from 'node:assert/strict';
import { hoverCardMarkdown } from '../../../src/segments/hoverCard';
import { segmentHover } from '../../../src/segments/segmentHover';
import {
  FIXTURE_SEGMENTS,
  KEYS,
  KNOWN_SEGMENT_ID,
  STAGING_KEYS,
  STAGING_SEGMENT_ID,
  STAGING_SEGMENTS,
  STAGING_WORKSPACE,
  UNICODE_SEGMENT_ID,
  UNKNOWN_SEGMENT_ID,
} from '../../server/fixtures';
import { useBrazeServer } from '../helpers';
import { cardContextFor, useWorkspaces, type WorkspaceSpec } from '../workspaces';

describe('segmentHover across workspaces', () => {
  const h = useBrazeServer();
  const workspaces = useWorkspaces(h);
  const PRODUCTION: WorkspaceSpec = { name: 'Production', key: KEYS.all };
  const STAGING: WorkspaceSpec = { name: 'Staging', key: STAGING_KEYS.all };
  const BASE = { instance: 'US-03', hasDashboard: true };
  afterEach(() => {
    h.server.setSegments(FIXTURE_SEGMENTS);
    h.server.setSegments(STAGING_SEGMENTS, STAGING_WORKSPACE);
    h.server.rateLimitPerHour = 250_000;
    h.server.resetRateLimits();
  });

  const setup = (specs: readonly WorkspaceSpec[] = [PRODUCTION, STAGING]) => {
    const built = workspaces(specs);
    const contextFor = cardContextFor(built.registry, BASE);
    const hover = (id: string, context: 'segment' | 'nearby' | 'none' | 'other' = 'segment', preferred?: string) => segmentHover(built.resolver, { id, context, preferred }, contextFor);
    return { ...built, hover, contextFor };
  };
  /** [key, path, status] of each request, in order. */
  const sent = () => h.server.requests.map((request) => [request.key, request.pathname, request.status]);
  /** The JSON arguments of a card's command link. */
  const linkArgs = (card: string, command: string): unknown => {
    const match = new RegExp(`\\(command:${command.replace(/\./g, '\\.')}\\?([^)]*)\\)`).exec(card);
    return match ? (JSON.parse(decodeURIComponent(match[1])) as unknown) : undefined;
  };

  describe('several workspaces', () => {
    it('a Staging-only id is found in Staging and the card names Staging; its links open there', async () => {
      const { hover } = setup();
      const card = (await hover(STAGING_SEGMENT_ID)) ?? '';
      assert.match(card, /^#### Staging\\: QA testers/);
      assert.ok(card.includes('Staging · US\\-03'), card);
      assert.ok(!card.includes('Production'), card);
      assert.deepEqual(linkArgs(card, 'braze.openSegment'), [STAGING_SEGMENT_ID, 'Staging']);
      assert.deepEqual(sent(), [
        [KEYS.all, '/segments/details', 404],
        [STAGING_KEYS.all, '/segments/details', 200],
      ]);
      h.server.resetRecords();
      const again = hover(STAGING_SEGMENT_ID);
      assert.equal(typeof again, 'string', 'from the caches at once: Production lacks it, Staging has it');
      assert.equal(again, card);
      assert.equal(h.server.requests.length, 0);
    });

    it('a Production id is still found in Production, and named so', async () => {
      const { hover } = setup();
      const card = (await hover(KNOWN_SEGMENT_ID)) ?? '';
      assert.match(card, /^#### Lapsed buyers \\\(EU\\\)/);
      assert.ok(card.includes('Production · US\\-03'), card);
      assert.ok(!card.includes('Staging'), card);
      assert.deepEqual(linkArgs(card, 'braze.openSegment'), [KNOWN_SEGMENT_ID, 'Production']);
      assert.deepEqual(sent(), [[KEYS.all, '/segments/details', 200]], 'Staging is not asked');
    });

    it('the folder’s preferred workspace is asked first', async () => {
      const { hover } = setup();
      const card = (await hover(UNICODE_SEGMENT_ID, 'segment', 'Staging')) ?? '';
      assert.ok(card.includes('Production · US\\-03'), card);
      assert.deepEqual(sent(), [
        [STAGING_KEYS.all, '/segments/details', 404],
        [KEYS.all, '/segments/details', 200],
      ]);
    });

    it('an id unknown everywhere: the card lists the workspaces asked, and the next hover sends nothing', async () => {
      const { hover } = setup();
      const card = (await hover(UNKNOWN_SEGMENT_ID)) ?? '';
      assert.match(card, /^No segment with this id in Production or Staging \(every workspace with a key\)\. It may be archived, or belong to a workspace you have not added\./);
      assert.deepEqual(linkArgs(card, 'braze.retrySegment'), [UNKNOWN_SEGMENT_ID], 'Retry asks them all again');
      assert.equal(h.server.requests.length, 2);
      h.server.resetRecords();
      const again = hover(UNKNOWN_SEGMENT_ID);
      assert.equal(typeof again, 'string', 'every workspace remembers it lacks it');
      assert.equal(again, card);
      assert.equal(hover(UNKNOWN_SEGMENT_ID, 'none'), undefined, 'and without a word about segments: silence');
      assert.equal(h.server.requests.length, 0);
    });

    it('three workspaces asked: "A, B or C"', async () => {
      const { hover } = setup([PRODUCTION, STAGING, { name: 'Sandbox', key: KEYS.noList }]);
      assert.match((await hover(UNKNOWN_SEGMENT_ID)) ?? '', /^No segment with this id in Production, Staging or Sandbox \(/);
    });

    it('only one workspace has a key: the card says which was asked', async () => {
      const { hover } = setup([PRODUCTION, { name: 'Staging' }]);
      const card = (await hover(UNKNOWN_SEGMENT_ID)) ?? '';
      assert.match(card, /^No segment with this id in Production · US\\-03\. It may be archived, or belong to another workspace\./);
      assert.deepEqual(linkArgs(card, 'braze.retrySegment'), [UNKNOWN_SEGMENT_ID, 'Production']);
      assert.deepEqual(sent(), [[KEYS.all, '/segments/details', 404]]);
    });

    it("an id Staging's list names: the card is Staging's, and Production is never asked", async () => {
      const { hover, get } = setup();
      await get('Staging').catalog.load('desc');
      h.server.resetRecords();
      const card = (await hover(STAGING_SEGMENT_ID, 'none', 'Production')) ?? '';
      assert.match(card, /^#### Staging\\: QA testers/);
      assert.ok(card.includes('Staging · US\\-03'), card);
      assert.deepEqual(sent(), [[STAGING_KEYS.all, '/segments/details', 200]]);
    });

    it('an id no complete list names, outside a segment line: silence without a request; on a segment line it is asked', async () => {
      const { hover, get } = setup();
      await get('Production').catalog.load('desc');
      await get('Staging').catalog.load('desc');
      h.server.resetRecords();
      assert.equal(hover(UNKNOWN_SEGMENT_ID, 'nearby'), undefined);
      assert.equal(hover(UNKNOWN_SEGMENT_ID, 'none'), undefined);
      assert.equal(h.server.requests.length, 0);
      assert.match((await hover(UNKNOWN_SEGMENT_ID, 'segment')) ?? '', /^No segment with this id in Production or Staging/);
      assert.equal(h.server.requests.length, 2);
    });

    it('the workspace named after its instance (the braze.restEndpoint one) is not named twice', async () => {
      const { hover } = setup([{ name: 'US-03', key: KEYS.all }, STAGING]);
      const card = (await hover(KNOWN_SEGMENT_ID)) ?? '';
      assert.match(card, /\*updated [^*]+ · US\\-03\*/);
      assert.ok(!card.includes('US\\-03 · US\\-03'), card);
      assert.deepEqual(linkArgs(card, 'braze.openSegment'), [KNOWN_SEGMENT_ID, 'US-03'], 'its links still name it');
    });

    it("a 429 in Staging does not stop Production's hovers", async () => {
      const { hover, get } = setup();
      // Each key has its own hourly allowance on the server: Staging spends its two.
      h.server.resetRateLimits();
      h.server.rateLimitPerHour = 2;
      await get('Staging').service.getDetails(STAGING_SEGMENT_ID);
      await get('Staging').service.getDetails(STAGING_SEGMENT_ID, { refresh: true });
      const limited = (await hover(STAGING_SEGMENTS[1].id, 'segment', 'Staging')) ?? '';
      assert.match(limited, /Braze rate limit reached/, 'Staging answered 429 and Production lacks the id');
      h.server.resetRecords();
      const card = (await hover(KNOWN_SEGMENT_ID, 'segment', 'Staging')) ?? '';
      assert.ok(card.includes('Production · US\\-03'), card);
      assert.deepEqual(sent(), [[KEYS.all, '/segments/details', 200]], "Staging's blocked client sends nothing; Production's goes");
    });
  });

  describe('one workspace (one endpoint, as before there were several)', () => {
    it('the not-found card reads as it always did: the instance, no workspace name', async () => {
      const { hover } = setup([PRODUCTION]);
      const card = await hover(UNKNOWN_SEGMENT_ID);
      const retry = encodeURIComponent(JSON.stringify([UNKNOWN_SEGMENT_ID]));
      assert.equal(
        card,
        `No segment with this id in US\\-03. It may be archived, or belong to another workspace.\n\n[Retry](command:braze.retrySegment?${retry}) · [Open Braze dashboard](command:braze.openDashboard)`,
      );
      assert.equal(hover(UNKNOWN_SEGMENT_ID), card, 'and again from the negative cache');
      assert.equal(h.server.requests.length, 1);
    });

    it('the found card names the instance only, and links with the id alone', async () => {
      const { hover, get } = setup([PRODUCTION]);
      const card = (await hover(KNOWN_SEGMENT_ID)) ?? '';
      const cached = get('Production').service.peek(KNOWN_SEGMENT_ID);
      assert.ok(cached?.kind === 'found');
      assert.equal(card, hoverCardMarkdown({ kind: 'found', details: cached.details }, BASE));
      assert.ok(!card.includes('Production'), card);
      assert.match(card, /\*updated [^*]+ · US\\-03\*/);
      assert.deepEqual(linkArgs(card, 'braze.openSegment'), [KNOWN_SEGMENT_ID]);
    });

    it('no key: "Set your API key for US-03"', async () => {
      const { hover } = setup([{ name: 'Production' }]);
      assert.match((await hover(KNOWN_SEGMENT_ID)) ?? '', /^\[Set your API key\]\(command:braze\.setApiKey\) for US\\-03 to see this segment\.$/);
      assert.equal(h.server.requests.length, 0);
    });

    it('no workspace: "Select your Braze instance"', async () => {
      const { hover } = setup([]);
      assert.match((await hover(KNOWN_SEGMENT_ID)) ?? '', /^\[Select your Braze instance\]\(command:braze\.selectEndpoint\)/);
    });
  });
});
