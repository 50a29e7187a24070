import assert from 'node:assert/strict';
import { BrazeError, type BrazeErrorKind } from '../../../src/braze/errors';
import { describeError } from '../../../src/segments/errorText';
import { formatAbsolute, formatRelative, parseDate } from '../../../src/segments/format';
import { findSegmentIds, segmentIdAt } from '../../../src/segments/idDetection';
import { panelTitle, toPanelSegment } from '../../../src/segments/panelSegment';

describe('error wording', () => {
  const kinds: BrazeErrorKind[] = ['no-endpoint', 'no-key', 'invalid-id', 'invalid-key', 'missing-permission', 'not-found', 'bad-request', 'rate-limited', 'server', 'network', 'timeout', 'aborted', 'invalid-response'];
  for (const kind of kinds) {
    it(`says something for ${kind}`, () => {
      const text = describeError(new BrazeError(kind, 'detail', { status: 500, permission: 'segments.details', resetAt: new Date() }), 'US-03');
      assert.ok(text.message.length > 5);
    });
  }
  it('names the instance, the permission and the fix', () => {
    assert.deepEqual(describeError(new BrazeError('invalid-key', 'x', { status: 401 }), 'US-03'), {
      message: 'Braze rejected this key for US-03: check the key, or the REST endpoint.',
      action: 'setApiKey',
    });
    assert.match(describeError(new BrazeError('missing-permission', 'x', { permission: 'segments.details' }), 'US-03').message, /lacks the segments\.details permission/);
    assert.match(describeError(new BrazeError('rate-limited', 'x', { resetAt: new Date(2026, 0, 1, 14, 5) }), 'US-03').message, /after 14:05/);
  });
});

describe('dates', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  it('are relative and absolute', () => {
    assert.equal(formatRelative(new Date('2026-03-07T12:00:00Z'), now), '3 days ago');
    assert.equal(formatRelative(new Date(now - 10_000), now), 'just now');
    assert.match(formatAbsolute(parseDate('2026-03-07T12:00:00Z')!), /2026/);
    assert.equal(parseDate('not a date'), undefined);
    assert.equal(parseDate(undefined), undefined);
  });
});

describe('segment id detection (basic)', () => {
  const id = '3bbc4555-8fa0-4c9b-a5c0-4505edf3e064';
  it('finds bare, quoted, upper-case and query-string ids', () => {
    assert.deepEqual(findSegmentIds(`const a = "${id}";`).map((f) => f.id), [id]);
    assert.deepEqual(findSegmentIds(`?segment_id=${id.toUpperCase()}&x=1`).map((f) => f.id), [id]);
  });
  it('ignores ids inside longer runs', () => {
    assert.deepEqual(findSegmentIds(`x${id}`), []);
    assert.deepEqual(findSegmentIds(`${id}-abcd`), []);
    assert.deepEqual(findSegmentIds(`abcd-${id}`), []);
    assert.deepEqual(findSegmentIds(`${id}0`), []);
  });
  it('finds the id under a position', () => {
    const line = `  lookup('${id}')`;
    assert.equal(segmentIdAt(line, 12)?.id, id);
    assert.equal(segmentIdAt(line, 10 + id.length)?.id, id, 'the end counts');
    assert.equal(segmentIdAt(line, 2), undefined);
  });
});

describe('segment view', () => {
  it('folds missing fields into readable stand-ins', () => {
    const view = toPanelSegment({ id: 'abc', tags: ['', 'vip'], teams: [], name: '  ' });
    assert.equal(view.name, 'Unnamed segment');
    assert.equal(view.unnamed, true);
    assert.deepEqual(view.tags, ['vip']);
    assert.equal(view.created, undefined);
  });
  it('titles tabs with the name, shortened', () => {
    assert.equal(panelTitle({ id: 'x', name: 'Lapsed buyers', tags: [], teams: [] }, 'x'), 'Lapsed buyers');
    assert.equal(panelTitle(undefined, '3bbc4555-8fa0'), 'Segment 3bbc4555…');
    assert.equal(panelTitle({ id: 'x', name: 'n'.repeat(100), tags: [], teams: [] }, 'x').length, 60);
    assert.equal(panelTitle({ id: 'x', name: 'Lapsed\u202e buyers\u200b\n(EU)', tags: [], teams: [] }, 'x'), 'Lapsed buyers (EU)', 'a tab title keeps no direction or invisible characters');
  });
});
