// What segment completion offers, as data: every listed segment of every workspace, the folder's own
// workspace first; label, detail and filter text from untrusted names and tags made plain; the cap.
import assert from 'node:assert/strict';
import type { SegmentSummary } from '../../../../src/braze/model';
import { type PreparedRow, segmentCandidates } from '../../../../src/segments/code/completionItems';

const row = (id: string, name: string | undefined, tags: string[] = [], extra: Partial<SegmentSummary> = {}): SegmentSummary => ({ id, name, tags, ...extra });
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('segmentCandidates', () => {
  const production = { workspace: 'Production', segments: [row(uuid(1), 'Lapsed buyers (EU)', ['winback', 'eu']), row(uuid(2), undefined)] };
  const staging = { workspace: 'Staging', segments: [row(uuid(3), 'QA testers', ['test'])] };

  it('offers every row: the name as label, the id to insert, name, tags and id to filter on', () => {
    const { items, total, capped } = segmentCandidates([production], { several: false, typed: '' });
    assert.equal(total, 2);
    assert.equal(capped, false);
    assert.deepEqual(
      items.map(({ id, label, detail, filterText }) => ({ id, label, detail, filterText })),
      [
        { id: uuid(1), label: 'Lapsed buyers (EU)', detail: 'winback, eu', filterText: `Lapsed buyers (EU) winback eu ${uuid(1)}` },
        // A segment without a name is offered by its id.
        { id: uuid(2), label: uuid(2), detail: undefined, filterText: uuid(2) },
      ],
    );
  });

  it('names the workspace in the detail only when there are several, and sorts the folder\'s workspace first', () => {
    const { items } = segmentCandidates([staging, production], { several: true, typed: '' });
    assert.deepEqual(
      items.map((item) => [item.label, item.detail, item.workspace]),
      [
        ['QA testers', 'Staging · test', 'Staging'],
        ['Lapsed buyers (EU)', 'Production · winback, eu', 'Production'],
        [uuid(2), 'Production', 'Production'],
      ],
    );
    const sorted = [...items].sort((a, b) => (a.sortText < b.sortText ? -1 : 1)).map((item) => item.label);
    assert.deepEqual(sorted, ['QA testers', uuid(2), 'Lapsed buyers (EU)'], 'by workspace rank, then by label');
  });

  it('shows untrusted names and tags as plain one-line text, cut short', () => {
    const hostile = row(uuid(9), 'Lapsed\u202e buyers\u200b\n(EU) ' + 'x'.repeat(200), ['\u2066vip\u2069', 'a'.repeat(100), '2', '3', '4', '5', '6', '7'], { tagsOmitted: 3 });
    const [item] = segmentCandidates([{ workspace: 'P', segments: [hostile] }], { several: false, typed: '' }).items;
    assert.ok(item.label.startsWith('Lapsed buyers (EU) x'), item.label);
    assert.ok(item.label.length <= 80 && item.label.endsWith('…'), item.label);
    assert.ok(!/[\u202e\u200b\u2066\u2069\n]/.test(`${item.label}${item.detail}${item.filterText}`), 'an invisible or direction character survived');
    assert.match(item.detail ?? '', /^vip, a{39}…, 2, 3, 4, 5 \+5$/);
  });

  it('over the cap: narrows to rows matching every typed word, offers the first `max`, and says so', () => {
    const many = { workspace: 'Production', segments: Array.from({ length: 30 }, (_, i) => row(uuid(i), `${i % 3 ? 'Lapsed' : 'Active'} users ${i}`, i === 4 ? ['spring'] : [])) };
    const all = segmentCandidates([many], { several: false, typed: '', max: 10 });
    assert.equal(all.items.length, 10);
    assert.equal(all.capped, true);
    assert.match(all.items[0].detail ?? '', /10 of 30 shown: type more of the name/);
    const lapsed = segmentCandidates([many], { several: false, typed: 'LAPSED us', max: 10 });
    assert.equal(lapsed.capped, true);
    assert.ok(lapsed.items.every((item) => item.label.startsWith('Lapsed')));
    const narrowed = segmentCandidates([many], { several: false, typed: 'active', max: 10 });
    assert.equal(narrowed.capped, false, '10 active rows fit');
    assert.equal(narrowed.items.length, 10);
    assert.equal(narrowed.items[0].detail, undefined);
    // Tags and ids narrow too.
    assert.deepEqual(segmentCandidates([many], { several: false, typed: 'spring', max: 10 }).items.map((item) => item.id), [uuid(4)]);
    assert.deepEqual(segmentCandidates([many], { several: false, typed: uuid(7).slice(-6), max: 10 }).items.map((item) => item.id), [uuid(7)]);
  });

  it('flattens each row once across calls when given a place to keep them', () => {
    const prepared = new WeakMap<SegmentSummary, PreparedRow>();
    const first = segmentCandidates([production], { several: false, typed: '', prepared });
    assert.ok(prepared.has(production.segments[0]));
    const again = segmentCandidates([production], { several: false, typed: '', prepared });
    assert.equal(again.items[0].filterText, first.items[0].filterText);
  });
});
