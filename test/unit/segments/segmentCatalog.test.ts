import assert from 'node:assert/strict';
import type { SegmentSummary } from '../../../src/braze/model';
import { SegmentCatalog, type CatalogState } from '../../../src/segments/segmentCatalog';
import { generateWorkspace } from '../../server/fixtures';
import { useBrazeServer } from '../helpers';

describe('SegmentCatalog', () => {
  const h = useBrazeServer();
  let original: typeof h.server.segments;
  before(() => (original = h.server.segments));
  afterEach(() => h.server.setSegments(original));

  const catalog = (pages: SegmentSummary[][] = []) => {
    const client = h.client();
    return new SegmentCatalog({ connect: async () => client, onPage: (rows) => pages.push([...rows]) });
  };

  for (const size of [0, 1, 99, 100, 101, 250, 10_000]) {
    it(`loads every page of ${size} segments, newest first`, async () => {
      const workspace = generateWorkspace(size);
      h.server.setSegments(workspace);
      const list = catalog();
      await list.load('desc');
      const { segments, complete, loading, error } = list.state;
      assert.equal(error, undefined);
      assert.equal(complete, true);
      assert.equal(loading, false);
      assert.equal(segments.length, size);
      assert.equal(h.server.requestCount('/segments/list'), Math.floor(size / 100) + 1, 'pages until a short one');
      const newestFirst = [...workspace].sort((a, b) => Date.parse(b.created_at ?? '') - Date.parse(a.created_at ?? ''));
      assert.deepEqual(segments.slice(0, 3).map((s) => s.id), newestFirst.slice(0, 3).map((s) => s.id));
    });
  }

  it('shows the first page before the last one arrives', async () => {
    h.server.setSegments(generateWorkspace(250));
    const list = catalog();
    const seen: number[] = [];
    list.onDidChange((state) => seen.push(state.segments.length));
    await list.load('asc');
    assert.ok(seen.includes(100) && seen.includes(200), JSON.stringify(seen));
    assert.equal(seen[seen.length - 1], 250);
  });

  it('a refresh keeps the old rows until the new list is complete', async () => {
    h.server.setSegments(generateWorkspace(250));
    const list = catalog();
    await list.load('asc');
    h.server.setSegments(generateWorkspace(230));
    const sizes: number[] = [];
    list.onDidChange((state) => sizes.push(state.segments.length));
    await list.load('asc');
    assert.deepEqual(sizes, [250, 230]);
  });

  it('a reload keeps the objects of unchanged rows, so views can skip a redraw', async () => {
    const workspace = generateWorkspace(120);
    h.server.setSegments(workspace);
    const list = catalog();
    await list.load('asc');
    const before = list.state.segments;
    const renamed = before[5].id;
    h.server.setSegments(workspace.map((segment) => (segment.id === renamed ? { ...segment, name: 'Renamed' } : segment)));
    await list.load('asc');
    const after = list.state.segments;
    assert.equal(after.length, before.length);
    after.forEach((row, i) => {
      if (row.id === renamed) {
        assert.equal(row.name, 'Renamed');
        assert.notEqual(row, before[i]);
      } else {
        assert.equal(row, before[i], `row ${i} was replaced although unchanged`);
      }
    });
  });

  it('a failed page says so and keeps what loaded', async () => {
    h.server.setSegments(generateWorkspace(250));
    const list = catalog();
    const states: CatalogState[] = [];
    list.onDidChange((state) => states.push(state));
    const load = list.load('asc');
    // fail the third page: the first two are answered normally
    const seen = () => h.server.requestCount('/segments/list');
    while (seen() < 2) await new Promise((resolve) => setTimeout(resolve, 1));
    h.server.serverErrors = 5;
    await load;
    const last = list.state;
    assert.equal(last.error?.kind, 'server');
    assert.equal(last.complete, false);
    assert.ok(last.segments.length >= 100, `kept ${last.segments.length}`);
  });

  it('one load at a time: a second call joins the first', async () => {
    h.server.setSegments(generateWorkspace(150));
    const list = catalog();
    await Promise.all([list.load('desc'), list.load('desc')]);
    assert.equal(h.server.requestCount('/segments/list'), 2);
  });

  it('takes renamed details of a listed segment, and ignores unlisted ones', async () => {
    h.server.setSegments(generateWorkspace(3));
    const list = catalog();
    await list.load('asc');
    const [first] = list.state.segments;
    let changes = 0;
    list.onDidChange(() => changes++);
    list.applyDetails({ id: first.id, name: 'Renamed in Braze', tags: ['new-tag'], teams: [] });
    assert.equal(list.state.segments[0].name, 'Renamed in Braze');
    assert.deepEqual(list.state.segments[0].tags, ['new-tag']);
    list.applyDetails({ id: first.id, name: 'Renamed in Braze', tags: ['new-tag'], teams: [] });
    list.applyDetails({ id: 'not-listed', name: 'x', tags: [], teams: [] });
    assert.equal(changes, 1, 'no event when nothing changed');
  });

  it('reports each page so hovers can name listed ids', async () => {
    h.server.setSegments(generateWorkspace(120));
    const pages: SegmentSummary[][] = [];
    await catalog(pages).load('asc');
    assert.deepEqual(pages.map((page) => page.length), [100, 20]);
  });
});
