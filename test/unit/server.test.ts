// Tests of the Braze test server itself: the other suites trust it to behave like Braze, so its
// auth, paging, field shapes and failure switches are pinned down here.
import assert from 'node:assert/strict';
import { BrazeTestServer, CONTROL_PATH } from '../server/brazeServer';
import {
  EMPTY_SEGMENT_ID,
  FIXTURE_SEGMENTS,
  KEYS,
  KNOWN_SEGMENT_ID,
  NULLS_SEGMENT_ID,
  SPARSE_SEGMENT_ID,
  STAGING_KEYS,
  STAGING_SEGMENT_ID,
  STAGING_SEGMENTS,
  STAGING_WORKSPACE,
  UNKNOWN_SEGMENT_ID,
  generateWorkspace,
} from '../server/fixtures';

describe('BrazeTestServer', () => {
  let server: BrazeTestServer;

  beforeEach(async () => {
    server = await BrazeTestServer.start();
  });
  afterEach(() => server.close());

  /** `null` sends no Authorization header at all. */
  const get = (path: string, key: string | null = KEYS.all) =>
    fetch(`${server.url}${path}`, { headers: key === null ? {} : { authorization: `Bearer ${key}` } });
  const details = (id: string, key?: string | null) => get(`/segments/details?segment_id=${encodeURIComponent(id)}`, key);

  describe('auth', () => {
    it('answers 401 without a key, with an unknown key, and to api_key in the query, never echoing the key', async () => {
      for (const response of [
        await details(KNOWN_SEGMENT_ID, null),
        await details(KNOWN_SEGMENT_ID, 'secret-but-wrong'),
        await details(KNOWN_SEGMENT_ID, `"${KEYS.all}"`),
        await get(`/segments/list?api_key=${KEYS.all}`, null),
      ]) {
        assert.equal(response.status, 401);
        const text = await response.text();
        assert.deepEqual(JSON.parse(text), { message: 'Invalid API key' });
        assert.ok(!text.includes('secret'));
      }
      assert.deepEqual(
        server.requests.map((r) => r.key),
        [undefined, 'secret-but-wrong', `"${KEYS.all}"`, undefined],
      );
    });

    it('answers 403 only on the endpoint the key lacks', async () => {
      assert.equal((await get('/segments/list', KEYS.noList)).status, 403);
      assert.equal((await details(KNOWN_SEGMENT_ID, KEYS.noList)).status, 200);
      const denied = await details(KNOWN_SEGMENT_ID, KEYS.noDetails);
      assert.equal(denied.status, 403);
      assert.deepEqual(await denied.json(), { message: 'Access Denied' });
      assert.equal((await get(`/segments/data_series?segment_id=${KNOWN_SEGMENT_ID}&length=3`, KEYS.noSeries)).status, 403);
      assert.equal((await get('/segments/list', KEYS.none)).status, 403);
      server.addKey('custom', ['segments.list']);
      assert.equal((await get('/segments/list', 'custom')).status, 200);
    });
  });

  describe('/segments/list', () => {
    it('pages 250 segments as 100, 100, 50, 0, oldest first, and desc is the exact reverse', async () => {
      server.setSegments(generateWorkspace(250));
      const ids = async (page: number, direction = 'asc') => {
        const response = await get(`/segments/list?page=${page}&sort_direction=${direction}`);
        assert.equal(response.status, 200);
        const body = (await response.json()) as { message: string; segments: Array<{ id: string }> };
        assert.equal(body.message, 'success');
        return body.segments.map((s) => s.id);
      };
      const asc = [await ids(0), await ids(1), await ids(2), await ids(3)];
      assert.deepEqual(asc.map((page) => page.length), [100, 100, 50, 0]);
      assert.equal(new Set(asc.flat()).size, 250);
      const byCreation = [...server.segments].sort((a, b) => Date.parse(a.created_at ?? '') - Date.parse(b.created_at ?? ''));
      assert.deepEqual(asc.flat(), byCreation.map((s) => s.id));
      const desc = [await ids(0, 'desc'), await ids(1, 'desc'), await ids(2, 'desc')];
      assert.deepEqual(desc.flat(), [...asc.flat()].reverse());
    });

    it('refuses an invalid page or sort direction with 400', async () => {
      for (const query of ['page=-1', 'page=abc', 'page=1.5', 'sort_direction=up']) {
        assert.equal((await get(`/segments/list?${query}`)).status, 400, query);
      }
    });
  });

  describe('/segments/details', () => {
    it('returns the documented fields of a known segment', async () => {
      const response = await details(KNOWN_SEGMENT_ID);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
      const body = (await response.json()) as Record<string, unknown>;
      assert.equal(body.message, 'success');
      assert.equal(body.name, 'Lapsed buyers (EU)');
      assert.deepEqual(body.tags, ['winback', 'eu']);
      assert.deepEqual(body.teams, ['Lifecycle']);
    });

    it('leaves absent fields out of the JSON and sends null ones as null', async () => {
      assert.deepEqual(await (await details(SPARSE_SEGMENT_ID)).json(), { message: 'success' });
      const nulls = (await (await details(NULLS_SEGMENT_ID)).json()) as Record<string, unknown>;
      for (const field of ['created_at', 'updated_at', 'name', 'description', 'text_description', 'tags', 'teams']) {
        assert.ok(Object.hasOwn(nulls, field), field);
        assert.equal(nulls[field], null, field);
      }
    });

    it('answers an unknown id with 404, or 400 in the other style, and a missing id with 400', async () => {
      const missing = await details(UNKNOWN_SEGMENT_ID);
      assert.equal(missing.status, 404);
      assert.deepEqual(await missing.json(), { message: 'Segment not found' });
      server.notFoundStyle = '400';
      assert.equal((await details(UNKNOWN_SEGMENT_ID)).status, 400);
      assert.equal((await get('/segments/details')).status, 400);
      assert.equal((await get('/segments/details?segment_id=')).status, 400);
    });

    it('decodes percent-encoded ids', async () => {
      const odd = 'a b/c?d&e=f#g+é';
      assert.equal((await details(odd)).status, 404);
      assert.equal(server.requests[0].query.segment_id, odd);
      assert.equal(server.requestCount('/segments/details', odd), 1);
    });
  });

  describe('/segments/data_series', () => {
    const series = (query: string) => get(`/segments/data_series?segment_id=${KNOWN_SEGMENT_ID}&${query}`);

    it('requires an integer length between 1 and 100', async () => {
      for (const query of ['', 'length=0', 'length=101', 'length=abc', 'length=1.5', 'length=-3']) {
        assert.equal((await series(query)).status, 400, query);
      }
      assert.equal((await series('length=100')).status, 200);
    });

    it('returns daily points, oldest first, ending at ending_at, the same every time', async () => {
      const read = async () => ((await (await series('length=7&ending_at=2024-03-10T12:00:00Z')).json()) as { data: Array<{ time: string; size: number }> }).data;
      const data = await read();
      assert.deepEqual(data.map((p) => p.time), ['2024-03-04', '2024-03-05', '2024-03-06', '2024-03-07', '2024-03-08', '2024-03-09', '2024-03-10']);
      for (const point of data) assert.ok(Number.isInteger(point.size) && point.size > 0);
      assert.deepEqual(await read(), data);
      const empty = await get(`/segments/data_series?segment_id=${EMPTY_SEGMENT_ID}&length=3`);
      assert.deepEqual(((await empty.json()) as { data: Array<{ size: number }> }).data.map((p) => p.size), [0, 0, 0]);
    });
  });

  describe('rate limits and failures', () => {
    it('sends lower-case rate-limit headers whose remaining count goes down per key', async () => {
      const first = await get('/segments/list');
      const second = await get('/segments/list');
      assert.equal(first.headers.get('x-ratelimit-limit'), '250000');
      assert.equal(first.headers.get('x-ratelimit-remaining'), '249999');
      assert.equal(second.headers.get('x-ratelimit-remaining'), '249998');
      const reset = Number(first.headers.get('x-ratelimit-reset'));
      assert.ok(reset % 3600 === 0 && reset > Date.now() / 1000 && reset <= Date.now() / 1000 + 3600);
    });

    it('answers 429 with headers while rateLimitedUntil is in the future, then recovers', async () => {
      const until = Math.floor(Date.now() / 1000) + 60;
      server.rateLimitedUntil = until;
      const limited = await get('/segments/list');
      assert.equal(limited.status, 429);
      assert.deepEqual(await limited.json(), { message: 'API rate limit exceeded' });
      assert.equal(limited.headers.get('x-ratelimit-remaining'), '0');
      assert.equal(limited.headers.get('x-ratelimit-reset'), String(until));
      server.rateLimitedUntil = undefined;
      assert.equal((await get('/segments/list')).status, 200);
    });

    it('answers 429 once a key has used its hourly allowance', async () => {
      server.rateLimitPerHour = 2;
      assert.deepEqual([(await get('/segments/list')).status, (await get('/segments/list')).status, (await get('/segments/list')).status], [200, 200, 429]);
      assert.equal((await get('/segments/list', KEYS.noDetails)).status, 200);
    });

    it('answers the next N requests with a non-JSON 503', async () => {
      server.serverErrors = 2;
      for (let i = 0; i < 2; i++) {
        const response = await details(KNOWN_SEGMENT_ID);
        assert.equal(response.status, 503);
        assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
        await assert.rejects(response.json());
      }
      assert.equal((await details(KNOWN_SEGMENT_ID)).status, 200);
    });

    it('sends truncated JSON while malformed is not-json', async () => {
      server.malformed = 'not-json';
      const response = await details(KNOWN_SEGMENT_ID);
      assert.equal(response.status, 200);
      await assert.rejects(response.json());
    });
  });

  describe('serverErrorsFor', () => {
    it('fails only the named endpoint, and counts only its requests', async () => {
      server.serverErrors = 1;
      server.serverErrorsFor = 'data_series';
      assert.equal((await details(KNOWN_SEGMENT_ID)).status, 200);
      assert.equal((await get('/segments/list')).status, 200);
      assert.equal((await get(`/segments/data_series?segment_id=${KNOWN_SEGMENT_ID}&length=3`)).status, 503);
      assert.equal((await get(`/segments/data_series?segment_id=${KNOWN_SEGMENT_ID}&length=3`)).status, 200);
    });
  });

  describe('workspaces', () => {
    const listedIds = async (key: string) => {
      const response = await get('/segments/list', key);
      assert.equal(response.status, 200);
      return ((await response.json()) as { segments: Array<{ id: string }> }).segments.map((s) => s.id).sort();
    };
    const series = (id: string, key: string) => get(`/segments/data_series?segment_id=${id}&length=3`, key);

    it('lists only the segments of the key\'s own workspace', async () => {
      assert.deepEqual(await listedIds(STAGING_KEYS.all), STAGING_SEGMENTS.map((s) => s.id).sort());
      assert.deepEqual(await listedIds(KEYS.all), FIXTURE_SEGMENTS.map((s) => s.id).sort());
      assert.equal((await get('/segments/list', STAGING_KEYS.noList)).status, 403);
    });

    it('answers another workspace\'s id exactly as an unknown one, in both not-found styles', async () => {
      assert.equal((await details(STAGING_SEGMENT_ID, STAGING_KEYS.all)).status, 200);
      assert.equal(((await (await details(STAGING_SEGMENT_ID, STAGING_KEYS.noList)).json()) as { name: string }).name, 'Staging: QA testers');
      assert.equal((await series(STAGING_SEGMENT_ID, STAGING_KEYS.all)).status, 200);

      const unknown = await details(UNKNOWN_SEGMENT_ID);
      const foreign = await details(STAGING_SEGMENT_ID, KEYS.all);
      assert.equal(foreign.status, 404);
      assert.deepEqual(await foreign.json(), await unknown.json());
      assert.equal((await series(STAGING_SEGMENT_ID, KEYS.all)).status, 404);
      assert.equal((await details(KNOWN_SEGMENT_ID, STAGING_KEYS.all)).status, 404);
      assert.equal((await series(KNOWN_SEGMENT_ID, STAGING_KEYS.all)).status, 404);
      server.notFoundStyle = '400';
      assert.equal((await details(STAGING_SEGMENT_ID, KEYS.all)).status, 400);
    });

    it('counts the hourly allowance per key, so one key\'s 429 leaves the other workspace\'s key answering', async () => {
      server.rateLimitPerHour = 2;
      const statuses = async (key: string) => [
        (await get('/segments/list', key)).status,
        (await get('/segments/list', key)).status,
        (await get('/segments/list', key)).status,
      ];
      assert.deepEqual(await statuses(STAGING_KEYS.all), [200, 200, 429]);
      const production = await get('/segments/list', KEYS.all);
      assert.equal(production.status, 200);
      assert.equal(production.headers.get('x-ratelimit-remaining'), '1');
      server.resetRateLimits();
      assert.deepEqual(await statuses(KEYS.all), [200, 200, 429]);
      assert.equal((await details(STAGING_SEGMENT_ID, STAGING_KEYS.all)).status, 200);
    });

    it('edits, replaces and adds keys to one workspace without touching the other', async () => {
      server.setSegments([{ id: UNKNOWN_SEGMENT_ID, name: 'Only in staging now' }], STAGING_WORKSPACE);
      assert.deepEqual(await listedIds(STAGING_KEYS.all), [UNKNOWN_SEGMENT_ID]);
      assert.equal((await details(UNKNOWN_SEGMENT_ID, KEYS.all)).status, 404);
      server.segmentsOf(STAGING_WORKSPACE).push({ id: STAGING_SEGMENT_ID });
      assert.deepEqual(await listedIds(STAGING_KEYS.all), [UNKNOWN_SEGMENT_ID, STAGING_SEGMENT_ID].sort());

      server.addKey('custom-staging', ['segments.list'], STAGING_WORKSPACE);
      assert.deepEqual(await listedIds('custom-staging'), await listedIds(STAGING_KEYS.all));
      server.segments = [{ id: KNOWN_SEGMENT_ID }];
      assert.deepEqual(await listedIds(KEYS.all), [KNOWN_SEGMENT_ID]);
      assert.equal((await listedIds(STAGING_KEYS.all)).length, 2);
      assert.throws(() => server.addKey('typo', ['segments.list'], 'stagign'), /no workspace "stagign"/);
    });

    it('takes other workspaces from options, and staging keys exist only with a staging workspace', async () => {
      await server.close();
      server = await BrazeTestServer.start({ workspaces: { eu: [{ id: STAGING_SEGMENT_ID }] } });
      assert.equal((await get('/segments/list', STAGING_KEYS.all)).status, 401);
      server.addKey('eu-key', ['segments.list'], 'eu');
      assert.deepEqual(await listedIds('eu-key'), [STAGING_SEGMENT_ID]);
      assert.equal((await listedIds(KEYS.all)).length, FIXTURE_SEGMENTS.length);
      await assert.rejects(BrazeTestServer.start({ workspaces: { production: [] } }), /options\.segments/);
    });
  });

  describe('/__control', () => {
    /** A control request: no key, as a person with curl would send it. */
    const control = async (query = '', method = 'POST') => {
      const response = await fetch(`${server.url}${CONTROL_PATH}${query}`, { method });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const series = () => get(`/segments/data_series?segment_id=${KNOWN_SEGMENT_ID}&length=3`);

    it('reports a healthy server, needs no key, and is never recorded as a Braze request', async () => {
      assert.deepEqual(await control('', 'GET'), { status: 200, body: { message: 'success', mode: 'ok' } });
      assert.equal(server.requestCount(), 0);
      assert.equal((await details(KNOWN_SEGMENT_ID)).status, 200);
    });

    it('mode=429 rate-limits every authenticated request for `seconds`, until mode=ok', async () => {
      const before = Math.floor(Date.now() / 1000);
      const set = await control('?mode=429&seconds=120');
      assert.equal(set.status, 200);
      assert.equal(set.body.mode, '429');
      const limited = await get('/segments/list');
      assert.equal(limited.status, 429);
      const reset = Number(limited.headers.get('x-ratelimit-reset'));
      assert.ok(reset >= before + 120 && reset <= before + 122, `reset ${reset}`);
      assert.equal((await details(KNOWN_SEGMENT_ID)).status, 429);
      assert.equal((await control('?mode=ok')).body.mode, 'ok');
      assert.equal((await get('/segments/list')).status, 200);
    });

    it('mode=5xx answers HTML 503s on every path, or on one endpoint, or for the next N requests', async () => {
      await control('?mode=5xx');
      assert.equal((await details(KNOWN_SEGMENT_ID)).status, 503);
      assert.equal((await series()).status, 503);
      assert.equal((await details(KNOWN_SEGMENT_ID)).status, 503, 'a lasting 5xx stopped by itself');

      assert.deepEqual((await control('?mode=5xx&endpoint=data_series')).body, { message: 'success', mode: '5xx', serverErrors: 'always', serverErrorsFor: 'data_series' });
      assert.equal((await details(KNOWN_SEGMENT_ID)).status, 200);
      const failed = await series();
      assert.equal(failed.status, 503);
      assert.match(failed.headers.get('content-type') ?? '', /^text\/html/);

      await control('?mode=5xx&count=2');
      assert.deepEqual([(await details(KNOWN_SEGMENT_ID)).status, (await series()).status, (await details(KNOWN_SEGMENT_ID)).status], [503, 503, 200]);
    });

    it('mode=slow delays Braze answers by `ms`, but never the control endpoint itself', async () => {
      await control('?mode=slow&ms=400');
      const started = Date.now();
      assert.equal((await details(KNOWN_SEGMENT_ID)).status, 200);
      assert.ok(Date.now() - started >= 400, `answered after ${Date.now() - started} ms`);
      const switching = Date.now();
      assert.equal((await control('?mode=ok')).body.mode, 'ok');
      assert.ok(Date.now() - switching < 400, 'the control request waited like a Braze one');
      assert.equal(server.delayMs, 0);
    });

    it('mode=malformed breaks 200 answers the chosen way', async () => {
      await control('?mode=malformed');
      const cut = await details(KNOWN_SEGMENT_ID);
      assert.equal(cut.status, 200);
      await assert.rejects(cut.json());
      await control('?mode=malformed&kind=wrong-types');
      assert.equal(((await (await details(KNOWN_SEGMENT_ID)).json()) as { name: unknown }).name, 42);
      await control('?mode=ok');
      assert.equal(((await (await details(KNOWN_SEGMENT_ID)).json()) as { name: unknown }).name, 'Lapsed buyers (EU)');
    });

    it('keeps one mode at a time: setting one clears the others', async () => {
      await control('?mode=429');
      await control('?mode=slow&ms=50');
      assert.equal(server.rateLimitedUntil, undefined);
      assert.equal((await details(KNOWN_SEGMENT_ID)).status, 200);
      assert.deepEqual((await control('', 'GET')).body, { message: 'success', mode: 'slow', delayMs: 50 });
    });

    it('refuses unknown modes, bad options and other methods, changing nothing', async () => {
      for (const query of ['?mode=teapot', '?mode=429&seconds=0', '?mode=429&seconds=abc', '?mode=5xx&endpoint=users', '?mode=slow&ms=-5', '?mode=malformed&kind=xml']) {
        const answer = await control(query);
        assert.equal(answer.status, 400, query);
        assert.equal(typeof answer.body.message, 'string', query);
      }
      assert.equal((await fetch(`${server.url}${CONTROL_PATH}?mode=429`, { method: 'DELETE' })).status, 405);
      assert.equal((await control('', 'GET')).body.mode, 'ok');
      assert.equal((await details(KNOWN_SEGMENT_ID)).status, 200);
    });

    it('tells onControl what changed, and a Braze path is never a control one', async () => {
      const seen: string[] = [];
      server.onControl = (state) => seen.push(state.mode);
      await control('?mode=5xx');
      await control('', 'GET');
      await control('?mode=ok');
      assert.deepEqual(seen, ['5xx', 'ok']);
      assert.equal((await get(`/segments${CONTROL_PATH}?mode=429`)).status, 404);
      assert.equal((await get('/segments/list')).status, 200);
    });
  });

  describe('connections', () => {
    it('reuses one keep-alive connection for sequential requests', async () => {
      for (let i = 0; i < 3; i++) {
        await (await get('/segments/list')).arrayBuffer();
        // undici hands the socket back to its pool a tick after the body ends; without this pause a
        // tight loop alternates between two connections (a client trait, seen with any node:http server).
        await new Promise((resolve) => setImmediate(resolve));
      }
      assert.equal(server.connectionCount, 1);
      assert.equal(new Set(server.requests.map((r) => r.remotePort)).size, 1);
    });

    it('closes promptly while an answer is delayed', async () => {
      server.delayMs = 60_000;
      const pending = get('/segments/list').catch((error: unknown) => error);
      while (server.requestCount() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const started = Date.now();
      await server.close();
      assert.ok(Date.now() - started < 1000);
      assert.ok((await pending) instanceof Error);
      assert.equal(server.requests[0].status, 0);
    });

    it('answers unknown paths with an HTML 404 and other methods with 405', async () => {
      const unknown = await get('/segments/nope');
      assert.equal(unknown.status, 404);
      assert.match(unknown.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal((await fetch(`${server.url}/segments/list`, { method: 'POST', headers: { authorization: `Bearer ${KEYS.all}` } })).status, 405);
    });
  });
});

describe('staging fixtures', () => {
  it('have lower-case v4 UUIDs that no default-workspace or generated segment shares', () => {
    const others = new Set([...FIXTURE_SEGMENTS, ...generateWorkspace(2000)].map((s) => s.id));
    for (const s of STAGING_SEGMENTS) {
      assert.match(s.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.ok(!others.has(s.id) && s.id !== UNKNOWN_SEGMENT_ID, s.id);
    }
    assert.equal(new Set(STAGING_SEGMENTS.map((s) => s.id)).size, STAGING_SEGMENTS.length);
  });
});

describe('generateWorkspace', () => {
  it('is deterministic, with unique UUID-shaped ids and updated_at after created_at', () => {
    const a = generateWorkspace(500, 7);
    assert.deepEqual(generateWorkspace(500, 7), a);
    assert.notDeepEqual(generateWorkspace(500, 8), a);
    assert.equal(new Set(a.map((s) => s.id)).size, 500);
    for (const s of a) {
      assert.match(s.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.ok(Date.parse(s.updated_at ?? '') > Date.parse(s.created_at ?? ''));
      assert.ok((s.tags ?? []).length <= 3 && (s.teams ?? []).length <= 2);
    }
  });
});
