import assert from 'node:assert/strict';
import type { SegmentSummary } from '../../../src/braze/model';
import { arrangeSegments, extendsList, groupByTag, ListArranger, mergeSorted, type ArrangeOptions } from '../../../src/segments/catalogArrangement';
import { generateWorkspace } from '../../server/fixtures';

const all: SegmentSummary[] = generateWorkspace(1_200, 3).map((s) => ({ id: s.id, name: s.name ?? undefined, tags: s.tags ?? [] }));
// Ties and the unnamed: a stable sort keeps them in list order, and so must a merge.
all.splice(100, 0, { id: 'tie-1', name: 'Same name', tags: ['vip'] }, { id: 'unnamed-1', tags: [] });
all.splice(900, 0, { id: 'tie-2', name: 'same NAME', tags: ['vip', ' vip '] }, { id: 'unnamed-2', name: '  ', tags: [] });

const ids = (list: readonly SegmentSummary[]) => list.map((s) => s.id);
const groupIds = (groups: ReturnType<typeof groupByTag>) => groups.map((g) => [g.tag, ids(g.segments)]);

describe('ListArranger', () => {
  const cases: ArrangeOptions[] = [{}, { sort: 'name' }, { filter: 'winback' }, { filter: 'eu lapsed', sort: 'name' }, { filter: 'same', sort: 'name' }];

  for (const options of cases) {
    it(`matches a full arrangement page by page (${JSON.stringify(options)})`, () => {
      const arranger = new ListArranger();
      for (let n = 0; n <= all.length; n += 100) {
        const list = all.slice(0, n);
        assert.deepEqual(ids(arranger.arrange(list, options)), ids(arrangeSegments(list, options)), `${n} rows`);
        assert.deepEqual(groupIds(arranger.groups(list, options)), groupIds(groupByTag(arrangeSegments(list, options))), `${n} rows, grouped`);
      }
    });
  }

  it('returns the same arrays while nothing changed, and new ones when something did', () => {
    const arranger = new ListArranger();
    const options: ArrangeOptions = { filter: 'eu', sort: 'name' };
    const first = arranger.arrange(all, options);
    assert.equal(arranger.arrange(all, options), first);
    const groups = arranger.groups(all, options);
    assert.equal(arranger.groups(all, options), groups);
    assert.notEqual(arranger.arrange(all, { ...options, filter: 'vip' }), first);
    // The list order with no filter is the list itself: nothing copied.
    assert.equal(arranger.arrange(all, {}), all);
  });

  it('keeps the groups a page left alone', () => {
    const arranger = new ListArranger();
    const before = arranger.groups(all.slice(0, 500), {});
    const page: SegmentSummary[] = [{ id: 'new-1', name: 'New', tags: ['brand-new-tag'] }];
    const after = arranger.groups([...all.slice(0, 500), ...page], {});
    const untouched = before.filter((group) => group.tag !== 'brand-new-tag');
    for (const group of untouched) assert.equal(after.find((g) => g.tag === group.tag)?.segments, group.segments);
    assert.deepEqual(ids(after.find((g) => g.tag === 'brand-new-tag')!.segments), ['new-1']);
  });

  it('starts again when the list is not the last one grown (a refresh, a row replaced)', () => {
    const arranger = new ListArranger();
    arranger.arrange(all, { sort: 'name' });
    const replaced = all.slice();
    replaced[5] = { ...replaced[5], name: 'Aaaa first now' };
    assert.deepEqual(ids(arranger.arrange(replaced, { sort: 'name' })), ids(arrangeSegments(replaced, { sort: 'name' })));
    assert.notDeepEqual(ids(arrangeSegments(replaced, { sort: 'name' })), ids(arrangeSegments(all, { sort: 'name' })));
  });
});

describe('list helpers', () => {
  it('extendsList is true for the same rows in the same order, then more', () => {
    const a = { id: 'a', tags: [] };
    const b = { id: 'b', tags: [] };
    assert.equal(extendsList([a], [a, b]), true);
    assert.equal(extendsList([], [a]), true);
    assert.equal(extendsList([a, b], [a]), false);
    assert.equal(extendsList([b], [a, b]), false);
    assert.equal(extendsList([{ ...a }], [a]), false);
  });

  it('mergeSorted puts each added row after its equals', () => {
    const compare = (x: [number, string], y: [number, string]) => x[0] - y[0];
    const merged = mergeSorted<[number, string]>([[1, 'a'], [3, 'a'], [5, 'a']], [[0, 'b'], [3, 'b'], [9, 'b']], compare);
    assert.deepEqual(merged, [[0, 'b'], [1, 'a'], [3, 'a'], [3, 'b'], [5, 'a'], [9, 'b']]);
    assert.deepEqual(mergeSorted([], [[1, 'x']], compare), [[1, 'x']]);
  });
});
