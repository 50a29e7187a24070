import assert from 'node:assert/strict';
import type { SegmentSummary } from '../../../src/braze/model';
import { arrangeSegments, filterSegments, groupByTag } from '../../../src/segments/catalogArrangement';
import { summarizeSizes } from '../../../src/segments/sizeSeries';

const segments: SegmentSummary[] = [
  { id: 'aaaa-1', name: 'Lapsed buyers (EU)', tags: ['winback', 'eu'] },
  { id: 'bbbb-2', name: 'iOS power users', tags: ['ios'] },
  { id: 'cccc-3', name: undefined, tags: [] },
  { id: 'dddd-4', name: 'EU newsletter', tags: ['eu', ' '] },
];

describe('catalog view', () => {
  it('filters by name, tag or id, every word, ignoring case', () => {
    assert.deepEqual(filterSegments(segments, 'eu').map((s) => s.id), ['aaaa-1', 'dddd-4']);
    assert.deepEqual(filterSegments(segments, 'EU news').map((s) => s.id), ['dddd-4']);
    assert.deepEqual(filterSegments(segments, 'winback').map((s) => s.id), ['aaaa-1']);
    assert.deepEqual(filterSegments(segments, 'cccc').map((s) => s.id), ['cccc-3']);
    assert.equal(filterSegments(segments, '  ').length, 4);
    assert.equal(filterSegments(segments, 'nothing-matches').length, 0);
  });

  it('sorts by name or keeps Braze order', () => {
    assert.deepEqual(arrangeSegments(segments, { sort: 'name' }).map((s) => s.id), ['dddd-4', 'bbbb-2', 'aaaa-1', 'cccc-3']);
    assert.deepEqual(arrangeSegments(segments, {}).map((s) => s.id), ['aaaa-1', 'bbbb-2', 'cccc-3', 'dddd-4']);
  });

  it('groups by tag, untagged last, a segment in each of its tags', () => {
    const groups = groupByTag(segments);
    assert.deepEqual(groups.map((g) => [g.tag, g.segments.map((s) => s.id)]), [
      ['eu', ['aaaa-1', 'dddd-4']],
      ['ios', ['bbbb-2']],
      ['winback', ['aaaa-1']],
      [undefined, ['cccc-3']],
    ]);
  });
});

describe('size series', () => {
  it('prepares the chart and says the change in words', () => {
    const summary = summarizeSizes([
      { time: '2026-03-02', size: 1100 },
      { time: '2026-03-01', size: 1000 },
      { time: 'garbage', size: 5 },
      { time: '2026-03-03', size: 1250 },
    ]);
    assert.deepEqual(summary.sizes, [1000, 1100, 1250]);
    assert.equal(summary.times[0], Date.parse('2026-03-01') / 1000);
    assert.deepEqual(summary.latest, { size: 1250, time: '2026-03-03' });
    assert.equal(summary.change, 'Up 250 (+25%) over 3 days');
  });
  it('handles flat, falling, zero-based and empty series', () => {
    assert.equal(summarizeSizes([{ time: '2026-03-01', size: 5 }, { time: '2026-03-07', size: 5 }]).change, 'Unchanged over 7 days');
    assert.equal(summarizeSizes([{ time: '2026-03-01', size: 2000 }, { time: '2026-03-02', size: 1500 }]).change, 'Down 500 (-25%) over 2 days');
    assert.equal(summarizeSizes([{ time: '2026-03-01', size: 0 }, { time: '2026-03-02', size: 10 }]).change, 'Up 10 over 2 days');
    assert.deepEqual(summarizeSizes([]), { times: [], sizes: [] });
  });
});
