import assert from 'node:assert/strict';
import type { SegmentSummary } from '../../../src/braze/model';
import type { CatalogState } from '../../../src/segments/segmentCatalog';
import { arrangeWorkspace, progressOf, type RowSource } from '../../../src/ui/tree/workspaceRows';

const segment = (id: string): SegmentSummary => ({ id, name: `Segment ${id}`, tags: [] }) as unknown as SegmentSummary;

function source(state: Partial<CatalogState>): RowSource {
  const catalog: CatalogState = { segments: [], loading: false, complete: false, direction: 'desc', pagesRead: 0, ...state };
  return { name: 'Production', instance: 'US-01', label: 'Production', keyState: true, catalog: { state: catalog } };
}

describe('Segments view: a workspace’s rows while its list loads', () => {
  it('says the page being read, of about how many when a complete load gave an estimate', () => {
    assert.equal(progressOf(source({ loading: true, pagesRead: 2 }).catalog.state), 'page 3');
    assert.equal(progressOf(source({ loading: true, pagesRead: 2, expectedPages: 12 }).catalog.state), 'page 3 of ~12');
    assert.equal(progressOf(source({ loading: true, pagesRead: 1_199, expectedPages: 1_200 }).catalog.state), 'page 1,200 of ~1,200');
    assert.equal(progressOf(source({ loading: false, complete: true, pagesRead: 12 }).catalog.state), undefined);
  });

  it('puts it in the workspace row’s description and its loading row', () => {
    const options = { groupByTag: false, sort: 'braze' as const };
    const rows = arrangeWorkspace(source({ loading: true, pagesRead: 2, expectedPages: 12, segments: [segment('a'), segment('b')] }), options, true);
    assert.equal(rows.description, '2 segments · loading page 3 of ~12…');
    assert.equal(rows.progress, 'page 3 of ~12');
    const empty = arrangeWorkspace(source({ loading: true, pagesRead: 0 }), options, true);
    assert.equal(empty.description, 'loading page 1…');
    assert.deepEqual(
      empty.lead.map((row) => row.kind === 'notice' && row.label),
      ['Loading segments (page 1)…'],
    );
    const done = arrangeWorkspace(source({ complete: true, pagesRead: 1, segments: [segment('a')] }), options, true);
    assert.equal(done.description, '1 segment');
    assert.equal(done.progress, undefined);
  });
});
