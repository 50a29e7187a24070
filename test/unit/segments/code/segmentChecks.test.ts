// The budget of the segment checks behind the "Braze" problems: real workspaces over real clients
// against the test server, whose record of every request (its key, its id, when it came and went)
// is the witness of what was asked, how often and how many at once.
import assert from 'node:assert/strict';
import { backgroundPausedUntil } from '../../../../src/braze/rateLimit';
import type { IdOccurrence } from '../../../../src/segments/code/codeScan';
import { apiKeyMessage, problemOf } from '../../../../src/segments/code/segmentCheckProblems';
import { type SegmentCheck, SegmentChecks, type SegmentChecksOptions } from '../../../../src/segments/code/segmentChecks';
import type { Workspace } from '../../../../src/segments/workspace';
import type { RecordedRequest } from '../../../server/brazeServer';
import { KEYS, KNOWN_SEGMENT_ID, STAGING_KEYS, STAGING_SEGMENT_ID, UNICODE_SEGMENT_ID } from '../../../server/fixtures';
import { useBrazeServer } from '../../helpers';
import { type TestWorkspaces, type WorkspaceSpec, useWorkspaces } from '../../workspaces';

const PRODUCTION: WorkspaceSpec = { name: 'Production', key: KEYS.all };
const STAGING: WorkspaceSpec = { name: 'Staging', key: STAGING_KEYS.all };

/** `count` UUIDs that no workspace of the test server has. */
function unknownIds(count: number, from = 0): string[] {
  return Array.from({ length: count }, (_, i) => `00000000-0000-4000-8000-${String(from + i).padStart(12, '0')}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it is true; fails with `what` after `timeoutMs`. */
async function until(what: string, probe: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('SegmentChecks', () => {
  const h = useBrazeServer();
  const workspaces = useWorkspaces(h);
  const live: SegmentChecks[] = [];
  /** When the server finished answering each request. */
  const answeredAt = new Map<RecordedRequest, number>();

  beforeEach(() => {
    answeredAt.clear();
    h.server.onRequest = (request) => answeredAt.set(request, Date.now());
  });
  afterEach(() => {
    for (const checks of live.splice(0)) checks.dispose();
    h.server.onRequest = undefined;
    h.server.resetRateLimits();
  });

  const setup = (specs: readonly WorkspaceSpec[], options: SegmentChecksOptions = {}): TestWorkspaces & { checks: SegmentChecks } => {
    const test = workspaces(specs);
    const checks = new SegmentChecks(test.registry, test.resolver, options);
    live.push(checks);
    return { ...test, checks };
  };
  /** [key, segment_id] of each details request, in order. */
  const detailsSent = () => h.server.requests.filter((request) => request.pathname === '/segments/details').map((request) => [request.key, request.query.segment_id]);
  const kinds = (checks: SegmentChecks, ids: readonly string[]) => ids.map((id) => checks.answer(id).kind);
  const keysRead = (test: TestWorkspaces) => until('the keys read', () => test.registry.all.every((workspace) => workspace.keyState !== undefined));

  /** The most details requests the server held at once (a request that ends as another arrives does not overlap it). */
  function mostAtOnce(): number {
    const events = h.server.requests
      .filter((request) => request.pathname === '/segments/details')
      .flatMap((request) => [
        { at: request.at, step: 1 },
        { at: answeredAt.get(request) ?? Infinity, step: -1 },
      ])
      .sort((a, b) => a.at - b.at || a.step - b.step);
    let now = 0;
    let most = 0;
    for (const { step } of events) most = Math.max(most, (now += step));
    return most;
  }

  describe('budget', () => {
    it('asks about N unknown ids at most K at a time, each id once per workspace, however often it is wanted', async () => {
      const { checks } = setup([PRODUCTION, STAGING], { maxInFlight: 2 });
      h.server.delayMs = 40;
      const ids = unknownIds(8);
      let mostInFlight = 0;
      const changed = new Set<string>();
      checks.onDidChange(({ ids: changedIds }) => changedIds?.forEach((id) => changed.add(id)));
      const sample = setInterval(() => (mostInFlight = Math.max(mostInFlight, checks.status.inFlight)), 5);
      try {
        checks.want('file:///a.ts', ids.map((id) => ({ id })));
        checks.want('file:///b.ts', ids.map((id) => ({ id, preferred: 'Staging' })));
        checks.want('file:///a.ts', [...ids].reverse().map((id) => ({ id })));
        await until('every id answered', () => kinds(checks, ids).every((kind) => kind === 'missing'), 8000);
      } finally {
        clearInterval(sample);
      }
      const sent = detailsSent();
      assert.equal(sent.length, ids.length * 2, 'each id asked in each of the two workspaces');
      assert.equal(new Set(sent.map((pair) => pair.join(' '))).size, sent.length, 'no id asked twice in one workspace');
      assert.ok(mostAtOnce() <= 2, `the server held ${mostAtOnce()} requests at once`);
      assert.ok(mostInFlight <= 2, `${mostInFlight} ids in flight at once`);
      assert.deepEqual([...ids].filter((id) => !changed.has(id)), [], 'a change event for every answered id');
      const answer = checks.answer(ids[0]);
      assert.deepEqual(answer.kind === 'missing' && answer.asked.map((workspace) => workspace.name), ['Production', 'Staging']);

      h.server.resetRecords();
      checks.want('file:///c.ts', ids.map((id) => ({ id })));
      await sleep(100);
      assert.equal(h.server.requests.length, 0, 'the negative answers are cached');
    });

    it('costs nothing for ids a list or a cache knows, and says whose they are', async () => {
      const { checks, get } = setup([PRODUCTION, STAGING]);
      await get('Staging').catalog.load('desc');
      await get('Production').service.getDetails(UNICODE_SEGMENT_ID);
      h.server.resetRecords();
      checks.want('file:///a.ts', [{ id: STAGING_SEGMENT_ID, preferred: 'Production' }, { id: UNICODE_SEGMENT_ID }]);
      const listed = checks.answer(STAGING_SEGMENT_ID, 'Production');
      assert.equal(listed.kind === 'known' && listed.workspace.name, 'Staging');
      assert.equal(listed.kind === 'known' && listed.name, 'Staging: QA testers');
      const cached = checks.answer(UNICODE_SEGMENT_ID);
      assert.equal(cached.kind === 'known' && cached.workspace.name, 'Production');
      await sleep(150);
      assert.equal(h.server.requests.length, 0);
      assert.equal(checks.status.queued + checks.status.inFlight, 0);
    });

    it('an id listed while it waits is not asked about', async () => {
      const { checks, get } = setup([PRODUCTION], { maxInFlight: 1 });
      h.server.delayMs = 200;
      const [first] = unknownIds(1);
      checks.want('file:///a.ts', [{ id: first }, { id: KNOWN_SEGMENT_ID }]);
      await until('the first question sent', () => detailsSent().length === 1);
      // The list arrives while the first question is still out.
      h.server.delayMs = 0;
      await get('Production').catalog.load('desc');
      assert.equal(checks.answer(KNOWN_SEGMENT_ID).kind, 'known');
      await until('the first id answered', () => checks.answer(first).kind === 'missing');
      await sleep(120);
      assert.deepEqual(detailsSent(), [[KEYS.all, first]]);
      assert.equal(checks.answer(KNOWN_SEGMENT_ID).kind, 'known');
    });

    it('sends nothing without a key, and starts once one is set', async () => {
      const test = setup([{ name: 'Production' }, { name: 'Staging' }]);
      const { checks, keys, get } = test;
      const ids = unknownIds(3);
      checks.want('file:///a.ts', ids.map((id) => ({ id })));
      await keysRead(test);
      await sleep(100);
      assert.equal(h.server.requests.length, 0);
      assert.deepEqual(kinds(checks, ids), ['unknown', 'unknown', 'unknown']);
      assert.equal(checks.answer(ids[0]).kind === 'unknown' && (checks.answer(ids[0]) as { why: string }).why, 'no-key');
      assert.equal(checks.status.noKey, true);
      assert.equal(checks.status.queued, 0, 'nothing waits for a key');

      keys.set('key.Production', KEYS.all);
      await get('Production').keyChanged();
      await until('every id answered', () => kinds(checks, ids).every((kind) => kind === 'missing'));
      assert.equal(checks.status.noKey, false);
      assert.deepEqual(detailsSent().map(([key]) => key), [KEYS.all, KEYS.all, KEYS.all]);
    });

    it('no workspace at all: nothing to ask, and it says so', () => {
      const { checks } = setup([]);
      checks.want('file:///a.ts', [{ id: KNOWN_SEGMENT_ID }]);
      assert.equal(checks.status.noWorkspace, true);
      assert.equal(checks.answer(KNOWN_SEGMENT_ID).kind, 'unknown');
      assert.equal(h.server.requests.length, 0);
    });
  });

  describe('rate budget', () => {
    it('a nearly used-up budget sends nothing until the window resets, then asks by itself', async () => {
      const { checks, get } = setup([PRODUCTION]);
      const production = get('Production');
      // One answer says 1% of the hour is left, for the next second or two.
      const resetSeconds = Math.floor(Date.now() / 1000) + 2;
      h.server.extraHeaders = { 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '10', 'x-ratelimit-reset': String(resetSeconds) };
      await production.service.getDetails(KNOWN_SEGMENT_ID);
      h.server.extraHeaders = {};
      assert.ok(backgroundPausedUntil(production.rateLimit), 'the budget reads as nearly used up');
      h.server.resetRecords();

      const ids = unknownIds(3);
      checks.want('file:///a.ts', ids.map((id) => ({ id })));
      await sleep(300);
      assert.equal(h.server.requests.length, 0, 'sent while the budget was low');
      assert.deepEqual(
        ids.map((id) => checks.answer(id)),
        ids.map(() => ({ kind: 'unknown', why: 'paused' })),
      );
      assert.equal(checks.status.pausedUntil?.getTime(), resetSeconds * 1000);
      assert.equal(checks.status.queued, 3, 'paused, not dropped');

      await until('every id answered after the reset', () => kinds(checks, ids).every((kind) => kind === 'missing'), 5000);
      assert.ok(
        h.server.requests.every((request) => request.at >= resetSeconds * 1000),
        'a request went out before the window reset',
      );
      assert.equal(detailsSent().length, 3);
      assert.equal(checks.status.pausedUntil, undefined);
    });

    it('a 429 holds the workspace, keeps the ids, and asks again once it lifts', async () => {
      const { checks } = setup([PRODUCTION], { maxInFlight: 1 });
      const liftsAt = Date.now() + 1200;
      h.server.rateLimitedUntil = liftsAt / 1000;
      const ids = unknownIds(3);
      checks.want('file:///a.ts', ids.map((id) => ({ id })));
      await until('the 429', () => h.server.requests.some((request) => request.status === 429));
      await sleep(300);
      assert.equal(h.server.requests.length, 1, 'asked again while the 429 held');
      assert.equal(checks.status.queued, 3);
      await until('every id answered after the block', () => kinds(checks, ids).every((kind) => kind === 'missing'), 5000);
      assert.deepEqual(
        h.server.requests.map((request) => [request.query.segment_id, request.status]),
        [[ids[0], 429], ...ids.map((id) => [id, 404])],
      );
      assert.ok(h.server.requests.slice(1).every((request) => request.at >= liftsAt), 'sent before the block lifted');
    });
  });

  describe('the queue', () => {
    it('drops queued ids nobody shows any more, keeping those someone still does', async () => {
      const { checks } = setup([PRODUCTION], { maxInFlight: 1 });
      h.server.delayMs = 100;
      const ids = unknownIds(5);
      checks.want('file:///a.ts', ids.map((id) => ({ id })));
      checks.want('file:///b.ts', [{ id: ids[4] }]);
      await until('the first question sent', () => detailsSent().length === 1);
      checks.release('file:///a.ts');
      await until('the id b shows answered', () => checks.answer(ids[4]).kind === 'missing');
      await sleep(150);
      assert.deepEqual(detailsSent(), [
        [KEYS.all, ids[0]],
        [KEYS.all, ids[4]],
      ]);
    });

    it("an open document's ids go first", async () => {
      const test = setup([PRODUCTION], { maxInFlight: 1 });
      const { checks } = test;
      await keysRead(test);
      h.server.delayMs = 30;
      const workspaceIds = unknownIds(3);
      const [open] = unknownIds(1, 100);
      checks.want('file:///closed.ts', workspaceIds.map((id) => ({ id })));
      checks.want('file:///open.ts', [{ id: open }], { first: true });
      await until('every id answered', () => kinds(checks, [...workspaceIds, open]).every((kind) => kind === 'missing'));
      assert.deepEqual(detailsSent().map(([, id]) => id), [workspaceIds[0], open, workspaceIds[1], workspaceIds[2]]);
    });

    it('stops when disposed: nothing more is sent', async () => {
      const { checks } = setup([PRODUCTION, STAGING], { maxInFlight: 2 });
      h.server.delayMs = 100;
      checks.want('file:///a.ts', unknownIds(6).map((id) => ({ id })));
      await until('questions sent', () => detailsSent().length === 2);
      checks.dispose();
      await sleep(300);
      assert.equal(detailsSent().length, 2, 'a request went out after dispose');
    });

    it('a refused key costs one request, not one per id, until the key changes', async () => {
      const { checks, keys, get } = setup([{ name: 'Production', key: 'test-key-revoked' }], { maxInFlight: 1 });
      const ids = unknownIds(4);
      checks.want('file:///a.ts', ids.map((id) => ({ id })));
      await until('the 401', () => h.server.requests.some((request) => request.status === 401));
      await sleep(200);
      assert.equal(h.server.requests.length, 1);
      assert.deepEqual(
        ids.map((id) => checks.answer(id)),
        ids.map(() => ({ kind: 'unknown', why: 'failed' })),
        'a failure is no answer: nothing to show',
      );
      keys.set('key.Production', KEYS.all);
      await get('Production').keyChanged();
      await until('every id answered with the new key', () => kinds(checks, ids).every((kind) => kind === 'missing'));
      assert.deepEqual(
        h.server.requests.map((request) => request.status),
        [401, 404, 404, 404, 404],
      );
    });

    it('a failure shows nothing, and the id is asked about again later', async () => {
      const { checks } = setup([PRODUCTION], { retryFailedMs: 200 });
      h.server.serverErrors = -1;
      h.server.serverErrorsFor = 'details';
      const [id] = unknownIds(1);
      checks.want('file:///a.ts', [{ id }]);
      await until('the failure', () => (checks.answer(id) as SegmentCheck & { why?: string }).why === 'failed');
      h.server.serverErrors = 0;
      h.server.serverErrorsFor = undefined;
      await until('the answer after the retry', () => checks.answer(id).kind === 'missing', 3000);
      assert.deepEqual(
        h.server.requests.map((request) => request.status),
        [503, 404],
      );
    });
  });
});

describe('problemOf', () => {
  const h = useBrazeServer();
  const workspaces = useWorkspaces(h);

  const occurrence = (context: IdOccurrence['context'], apiKey = false, id = KNOWN_SEGMENT_ID): IdOccurrence => ({ id, line: 0, start: 0, end: 36, context, apiKey });
  const missing = (...asked: Workspace[]) => (): SegmentCheck => ({ kind: 'missing', asked });
  const known = (workspace: Workspace, name?: string) => (): SegmentCheck => ({ kind: 'known', workspace, name });
  const unknown = (): SegmentCheck => ({ kind: 'unknown', why: 'checking' });

  it('an unknown id where the code says segment: a warning naming every workspace asked', () => {
    const { get } = workspaces([PRODUCTION, STAGING]);
    const [production, staging] = [get('Production'), get('Staging')];
    const one = problemOf(occurrence('segment'), missing(production), { several: false, preferred: undefined });
    assert.equal(one?.code, 'unknown-segment');
    assert.equal(one?.severity, 'warning');
    assert.equal(one?.message, `No segment 3bbc4555… in ${production.label}: deleted, archived, or from another workspace.`);
    const two = problemOf(occurrence('nearby'), missing(production, staging), { several: true, preferred: undefined });
    assert.match(two?.message ?? '', /^No segment 3bbc4555… in Production \(.+\) or Staging \(.+\): deleted, archived, or from another workspace\.$/);
  });

  it('nothing for an unknown id the code does not call a segment, nor while the answer is unknown', () => {
    const { get } = workspaces([PRODUCTION]);
    assert.equal(problemOf(occurrence('none'), missing(get('Production')), { several: false, preferred: undefined }), undefined);
    assert.equal(problemOf(occurrence('segment'), unknown, { several: false, preferred: undefined }), undefined);
    assert.equal(problemOf(occurrence('other'), missing(get('Production')), { several: false, preferred: undefined }), undefined);
  });

  it("a segment of another workspace than the folder's: information, its name made plain", () => {
    const { get } = workspaces([PRODUCTION, STAGING]);
    const [production, staging] = [get('Production'), get('Staging')];
    const problem = problemOf(occurrence('none'), known(staging, 'QA\u202E testers\n[x](command:evil)'), { several: true, preferred: production });
    assert.equal(problem?.code, 'other-workspace');
    assert.equal(problem?.severity, 'information');
    assert.equal(problem?.message, "Segment “QA testers [x](command:evil)” is in Staging, not Production (this folder's braze.workspace).");
    assert.equal(problemOf(occurrence('segment'), known(production, 'x'), { several: true, preferred: production }), undefined, 'its own workspace');
    assert.equal(problemOf(occurrence('segment'), known(staging, 'x'), { several: true, preferred: undefined }), undefined, 'no braze.workspace');
    assert.equal(problemOf(occurrence('segment'), known(staging, 'x'), { several: false, preferred: production }), undefined, 'one workspace');
    const long = problemOf(occurrence('segment'), known(staging, 'n'.repeat(200)), { several: true, preferred: production });
    assert.ok((long?.message.length ?? 0) < 160, long?.message);
  });

  it('a UUID named as an API key: a warning, whatever is known, and never looked up', () => {
    const looked: string[] = [];
    const check = (id: string): SegmentCheck => {
      looked.push(id);
      return { kind: 'unknown', why: 'no-key' };
    };
    const problem = problemOf(occurrence('other', true), check, { several: false, preferred: undefined });
    assert.deepEqual(problem, { code: 'api-key-in-code', severity: 'warning', message: apiKeyMessage() });
    assert.deepEqual(looked, []);
  });
});
