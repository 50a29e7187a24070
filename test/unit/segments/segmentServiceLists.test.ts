// SegmentService: names from the list for every listed segment, and a saved snapshot restored on
// first use rather than when the service is built.
import assert from 'node:assert/strict';
import type { SegmentSummary } from '../../../src/braze/model';
import { MAX_SUMMARIES, SegmentService } from '../../../src/segments/segmentService';
import { KNOWN_SEGMENT_ID, MARKUP_SEGMENT_ID, UNICODE_SEGMENT_ID, UNKNOWN_SEGMENT_ID } from '../../server/fixtures';
import { rejection, useBrazeServer } from '../helpers';

const summaries = (count: number, from = 0): SegmentSummary[] =>
  Array.from({ length: count }, (_, i) => ({ id: `${(from + i).toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`, name: `Segment ${from + i}`, tags: [] }));

describe('SegmentService lists and snapshots', () => {
  const h = useBrazeServer();
  let clock: number;
  const service = (options: { maxEntries?: number; maxSummaries?: number } = {}) => {
    const client = h.client();
    return new SegmentService({ connect: async () => client, ttlMs: () => 60_000, now: () => clock, ...options });
  };
  beforeEach(() => {
    clock = 1_000_000;
  });

  describe('summaries', () => {
    it('keeps a name for every segment of a 100,000-segment list', () => {
      const segments = service();
      const all = summaries(100_000);
      segments.setListComplete(false);
      for (let page = 0; page < 1_000; page++) segments.rememberSummaries(all.slice(page * 100, (page + 1) * 100));
      segments.setListComplete(true);
      assert.ok(MAX_SUMMARIES >= 200_000);
      assert.equal(segments.knownName(all[0].id), 'Segment 0');
      assert.ok(
        all.every((summary) => segments.knownName(summary.id) === summary.name),
        'every listed id named',
      );
      assert.equal(segments.listComplete, true);
      assert.equal(segments.summary(UNKNOWN_SEGMENT_ID), undefined, 'an id the complete list lacks is no listed segment');
    });

    it('beyond maxSummaries, forgets the least recently listed and no longer calls the list complete', () => {
      const segments = service({ maxSummaries: 250 });
      const first = summaries(300);
      segments.setListComplete(false);
      segments.rememberSummaries(first);
      segments.setListComplete(true);
      assert.equal(segments.summary(first[0].id), undefined);
      assert.equal(segments.summary(first[49].id), undefined);
      assert.equal(segments.summary(first[50].id)?.name, 'Segment 50');
      assert.equal(segments.listComplete, false, 'some listed ids were forgotten: an id it lacks may be listed');

      // The next load lists 200, all kept: complete again; they are the most recently listed.
      segments.setListComplete(false);
      const second = summaries(200, 1_000);
      segments.rememberSummaries(second);
      segments.setListComplete(true);
      assert.equal(segments.listComplete, true);
      assert.ok(second.every((summary) => segments.summary(summary.id)));
    });

    it('a listed id seen again keeps its summary object and fires no change', () => {
      const segments = service();
      const [row] = summaries(1);
      segments.rememberSummaries([row]);
      let changes = 0;
      segments.onDidChange(() => changes++);
      segments.rememberSummaries([{ ...row, tags: [] }]);
      assert.equal(segments.summary(row.id), row);
      assert.equal(changes, 0);
      segments.rememberSummaries([{ ...row, name: 'Renamed' }]);
      assert.equal(changes, 1);
    });
  });

  describe('restore on first use', () => {
    const saved = async () => {
      const first = service();
      await Promise.all([KNOWN_SEGMENT_ID, MARKUP_SEGMENT_ID, UNICODE_SEGMENT_ID].map((id) => first.getDetails(id)));
      await rejection(first.getDetails(UNKNOWN_SEGMENT_ID));
      h.server.resetRecords();
      return first.snapshot('http://x');
    };

    it('reads nothing until asked, then answers from the snapshot without a request', async () => {
      const snapshot = await saved();
      const segments = service();
      let reads = 0;
      segments.restoreOnFirstUse(() => {
        reads++;
        return snapshot;
      }, 'http://x');
      assert.equal(reads, 0, 'nothing read when registered');
      assert.equal(segments.peek(KNOWN_SEGMENT_ID)?.kind, 'found');
      assert.equal(segments.peek(UNKNOWN_SEGMENT_ID)?.kind, 'missing');
      const markup = snapshot.entries.find((entry) => entry.id === MARKUP_SEGMENT_ID);
      assert.ok(markup?.kind === 'found' && markup.details.name);
      assert.equal(segments.knownName(MARKUP_SEGMENT_ID), markup.details.name);
      assert.equal((await segments.getDetails(UNICODE_SEGMENT_ID)).id, UNICODE_SEGMENT_ID);
      assert.equal(reads, 1, 'read once');
      assert.equal(h.server.requests.length, 0);
    });

    it('a snapshot taken before every entry was asked for still holds them all, in their order', async () => {
      const snapshot = await saved();
      const segments = service();
      segments.restoreOnFirstUse(() => snapshot, 'http://x');
      segments.peek(UNICODE_SEGMENT_ID);
      assert.deepEqual(
        segments.snapshot('http://x').entries.map((entry) => entry.id),
        snapshot.entries.map((entry) => entry.id),
      );
      const untouched = service();
      untouched.restoreOnFirstUse(() => snapshot, 'http://x');
      assert.deepEqual(untouched.snapshot('http://x'), { ...snapshot, savedAt: clock });
    });

    it('checks the saved entries a few at a time ahead of a save, which then holds them all', async () => {
      const snapshot = await saved();
      const broken = { ...snapshot, entries: snapshot.entries.map((entry) => (entry.id === MARKUP_SEGMENT_ID ? { ...entry, kind: 'lost' } : entry)) };
      const segments = service();
      segments.restoreOnFirstUse(() => broken, 'http://x');
      const steps = [segments.restoreSavedSome(2), segments.restoreSavedSome(2), segments.restoreSavedSome(2)];
      assert.deepEqual(steps, [false, true, true]);
      assert.equal(segments.peek(KNOWN_SEGMENT_ID)?.kind, 'found');
      assert.equal(segments.peek(MARKUP_SEGMENT_ID), undefined, 'a malformed entry checked ahead stays out');
      assert.deepEqual(
        segments.snapshot('http://x').entries.map((entry) => entry.id),
        snapshot.entries.map((entry) => entry.id).filter((id) => id !== MARKUP_SEGMENT_ID),
      );
    });

    it('an entry fetched since wins over the saved one, and the saved ones go first in the cache order', async () => {
      const snapshot = await saved();
      clock += 1_000;
      const segments = service({ maxEntries: 4 });
      segments.restoreOnFirstUse(() => snapshot, 'http://x');
      await segments.getDetails(KNOWN_SEGMENT_ID, { refresh: true });
      assert.equal(h.server.requestCount('/segments/details', KNOWN_SEGMENT_ID), 1);
      const entries = segments.snapshot('http://x').entries;
      assert.equal(entries.length, 4);
      assert.equal(entries[entries.length - 1].id, KNOWN_SEGMENT_ID, 'the fetched entry is the most recent');
      assert.equal(entries[entries.length - 1].fetchedAt, clock);
    });

    it('skips a malformed entry and a snapshot of another scope; clear() drops what was not read', async () => {
      const snapshot = await saved();
      const broken = { ...snapshot, entries: snapshot.entries.map((entry) => (entry.id === KNOWN_SEGMENT_ID ? { ...entry, fetchedAt: 'yesterday' } : entry)) };
      const segments = service();
      segments.restoreOnFirstUse(() => broken, 'http://x');
      assert.equal(segments.peek(KNOWN_SEGMENT_ID), undefined);
      assert.equal(segments.peek(MARKUP_SEGMENT_ID)?.kind, 'found');
      const other = service();
      other.restoreOnFirstUse(() => snapshot, 'http://elsewhere');
      assert.equal(other.peek(KNOWN_SEGMENT_ID), undefined);
      const cleared = service();
      cleared.restoreOnFirstUse(() => snapshot, 'http://x');
      cleared.clear();
      assert.equal(cleared.peek(KNOWN_SEGMENT_ID), undefined);
      assert.deepEqual(cleared.snapshot('http://x').entries, []);
    });

    it('a listed id drops its saved "not found" entry', async () => {
      const snapshot = await saved();
      const segments = service();
      segments.restoreOnFirstUse(() => snapshot, 'http://x');
      let saves = 0;
      segments.onDidChangeSnapshot(() => saves++);
      segments.rememberSummaries([{ id: UNKNOWN_SEGMENT_ID, name: 'Created since', tags: [] }]);
      assert.equal(segments.peek(UNKNOWN_SEGMENT_ID), undefined);
      assert.equal(saves, 1);
      assert.ok(!segments.snapshot('http://x').entries.some((entry) => entry.id === UNKNOWN_SEGMENT_ID));
    });
  });
});
