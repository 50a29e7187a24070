import assert from 'node:assert/strict';
import { listKey, moreRowText, pageOf, ROWS_PER_PAGE } from '../../../src/ui/tree/rowPages';

describe('Segments view pages', () => {
  it('shows the first page, or as many as the list was asked to show, never more than it has', () => {
    assert.equal(ROWS_PER_PAGE, 500);
    assert.deepEqual(pageOf(100_000, undefined), { shown: 500, total: 100_000 });
    assert.deepEqual(pageOf(100_000, 1_500), { shown: 1_500, total: 100_000 });
    assert.deepEqual(pageOf(120, undefined), { shown: 120, total: 120 });
    assert.deepEqual(pageOf(1_200, 5_000), { shown: 1_200, total: 1_200 });
    assert.deepEqual(pageOf(1_200, 10), { shown: 500, total: 1_200 });
  });

  it('says how many a click adds and how many are shown', () => {
    assert.deepEqual(moreRowText({ shown: 500, total: 100_000 }), {
      label: 'Show 500 more…',
      description: '500 of 100,000',
      tooltip: 'Showing the first 500 of 100,000 segments. Click to show 500 more; the filter and the sort apply to all of them.',
    });
    assert.equal(moreRowText({ shown: 2_500, total: 2_623 }).label, 'Show 123 more…');
  });

  it('keys a workspace’s list apart from its tag groups’ and from other workspaces’', () => {
    const keys = [listKey('Production', undefined), listKey('Production', '#eu'), listKey('Production', ''), listKey('Staging', undefined)];
    assert.equal(new Set(keys).size, keys.length);
  });
});
