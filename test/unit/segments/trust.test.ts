// The domain layer against hostile input and races: text made inert per surface, a server that
// ignores paging, a snapshot that would not fit, a caller re-opening a segment while it loads, sizes
// from before a switch of endpoint, webview messages that are not ours, and bugs of our own.
import assert from 'node:assert/strict';
import type { BrazeClient } from '../../../src/braze/client';
import type { BrazeError } from '../../../src/braze/errors';
import { escapeMarkdown, forIconLabel, forNotification, forPlainText } from '../../../src/segments/inertText';
import { MAX_LIST_PAGES, SegmentCatalog } from '../../../src/segments/segmentCatalog';
import { SegmentService } from '../../../src/segments/segmentService';
import { SizeHistory } from '../../../src/segments/sizeHistory';
import { readFromWebview } from '../../../src/ui/panel/protocol';
import { MARKUP_MESSAGE } from '../../server/brazeServer';
import { KNOWN_SEGMENT_ID, generateWorkspace } from '../../server/fixtures';
import { rejection, useBrazeServer } from '../helpers';

/** Strings a server might send to make some surface do something. */
const HOSTILE = [
  MARKUP_MESSAGE,
  '[Open settings](command:workbench.action.openSettings?%5B%22braze%22%5D)',
  '[x] (command:y) and [ok]( https://evil.example )',
  '$(alert) $(loading~spin) \\$(already-escaped)',
  '<img src=x onerror=alert(1)><script>alert(1)</script>',
  'zero\u200bwidth\u200e\u200fmarks\u2060\u061c\u00adsoft\u202eoverride\u2066isolate\ufeffbom\x07bell',
  'line one\nline two\r\n\tindented',
];

// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u200b\u200e\u200f\u2060\u061c\u00ad\u202a-\u202e\u2066-\u2069\ufeff\x00-\x1f]/;
// VS Code's notification renderer links `[label](target)` for these schemes.
const NOTIFICATION_LINK = /\[[^\]]+\]\((?:https?:|command:|file:)/i;
// An icon renders from `$(name)` unless a backslash precedes it.
const LIVE_ICON = /(^|[^\\])\$\(/;

describe('inert text on every surface', () => {
  for (const text of HOSTILE) {
    const label = JSON.stringify(text).slice(0, 50);
    it(`notifications link nothing: ${label}`, () => {
      const shown = forNotification(text);
      assert.doesNotMatch(shown, NOTIFICATION_LINK);
      assert.doesNotMatch(shown, INVISIBLE);
    });
    it(`quick picks and the status bar render no icon: ${label}`, () => {
      const shown = forIconLabel(text);
      assert.doesNotMatch(shown, LIVE_ICON);
      assert.doesNotMatch(shown, INVISIBLE);
    });
    it(`hover Markdown and plain surfaces keep nothing invisible: ${label}`, () => {
      assert.doesNotMatch(escapeMarkdown(text), INVISIBLE);
      assert.doesNotMatch(forPlainText(text), INVISIBLE);
    });
  }

  it('keeps the visible characters, and emoji joiners', () => {
    assert.equal(forNotification('[a](command:b)'), '[a] (command:b)');
    assert.equal(forIconLabel('$(alert) x'), '\\$(alert) x');
    assert.equal(forPlainText('👩\u200d💻 dev'), '👩\u200d💻 dev');
  });

  it('cuts a long notification at a word', () => {
    const shown = forNotification(`${'word '.repeat(200)}end`, 100);
    assert.ok(shown.length <= 100);
    assert.match(shown, /word…$/);
  });
});

describe('trust in the domain layer', () => {
  const h = useBrazeServer();
  let original: typeof h.server.segments;
  before(() => (original = h.server.segments));
  afterEach(() => h.server.setSegments(original));

  describe('paging', () => {
    it('stops at the first page that adds no new segment, and says so', async () => {
      h.server.setSegments(generateWorkspace(500));
      h.server.hostile = { kind: 'ignore-page' };
      const client = h.client();
      const catalog = new SegmentCatalog({ connect: async () => client });
      await catalog.load('desc');
      assert.equal(h.server.requestCount('/segments/list'), 2, 'one page, then the same page again');
      assert.equal(catalog.state.segments.length, 100);
      assert.equal(catalog.state.stopped, 'repeated-page');
      assert.equal(catalog.state.complete, true);
    });

    it('stops at a hard cap of pages, and says so', async () => {
      h.server.setSegments(generateWorkspace(1000));
      const client = h.client();
      const catalog = new SegmentCatalog({ connect: async () => client, maxPages: 3 });
      await catalog.load('desc');
      assert.equal(h.server.requestCount('/segments/list'), 3);
      assert.equal(catalog.state.stopped, 'page-cap');
      assert.equal(MAX_LIST_PAGES, 2000, 'the documented cap (README, CHANGELOG)');
    });
  });

  describe('the persisted snapshot', () => {
    it('stays within its character budget, keeping the newest entries', async () => {
      const ids = generateWorkspace(30).map((segment) => segment.id);
      h.server.setSegments(generateWorkspace(30).map((segment) => ({ ...segment, description: 'd'.repeat(15_000) })));
      const client = h.client();
      const service = new SegmentService({ connect: async () => client, ttlMs: () => 60_000, maxPersistedChars: 100_000 });
      for (const id of ids) await service.getDetails(id);
      const snapshot = service.snapshot('scope');
      assert.ok(JSON.stringify(snapshot).length <= 101_000, `${JSON.stringify(snapshot).length} characters`);
      assert.ok(snapshot.entries.length >= 5 && snapshot.entries.length < 30);
      assert.equal(snapshot.entries.at(-1)?.id, ids.at(-1), 'the newest entry is kept');
    });
  });

  describe('races', () => {
    it('a caller who comes after another gave up gets the segment, not "cancelled"', async () => {
      h.server.delayMs = 300;
      const client = h.client();
      const service = new SegmentService({ connect: async () => client, ttlMs: () => 60_000 });
      const first = new AbortController();
      const abandoned = service.getDetails(KNOWN_SEGMENT_ID, { signal: first.signal });
      await new Promise((resolve) => setTimeout(resolve, 50));
      first.abort(); // the tree row's load is replaced by the panel's own
      const second = service.getDetails(KNOWN_SEGMENT_ID, { signal: new AbortController().signal });
      assert.equal((await rejection(abandoned)).kind, 'aborted');
      assert.equal((await second).id, KNOWN_SEGMENT_ID);
    });

    it('sizes fetched before clear() are not kept or shown', async () => {
      h.server.delayMs = 200;
      let requested = 0;
      const client = h.client();
      const sizes = new SizeHistory({ connect: async () => (requested++, client), ttlMs: () => 60_000 });
      const before = sizes.get(KNOWN_SEGMENT_ID, 7);
      await new Promise((resolve) => setTimeout(resolve, 50));
      sizes.clear(); // the endpoint or key changed
      assert.equal((await rejection(before)).kind, 'aborted');
      h.server.delayMs = 0;
      await sizes.get(KNOWN_SEGMENT_ID, 7);
      assert.equal(requested, 2, 'the old answer was cached');
    });
  });

  describe('our own bugs', () => {
    it('are internal errors, reported once with what was thrown', async () => {
      const reported: BrazeError[] = [];
      const broken = { getSegmentDetails: () => Promise.reject(new TypeError('x is not a function')) } as unknown as BrazeClient;
      const service = new SegmentService({ connect: async () => broken, ttlMs: () => 60_000, onInternalError: (error) => reported.push(error) });
      const error = await rejection(service.getDetails(KNOWN_SEGMENT_ID));
      assert.equal(error.kind, 'internal');
      assert.equal(reported.length, 1);
      assert.ok(reported[0].cause instanceof TypeError);
    });
  });
});

describe('webview messages', () => {
  it('accepts exactly the messages the panel sends', () => {
    assert.deepEqual(readFromWebview({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(readFromWebview({ type: 'setDays', days: 30 }), { type: 'setDays', days: 30 });
    assert.deepEqual(readFromWebview({ type: 'fix', action: 'setApiKey' }), { type: 'fix', action: 'setApiKey' });
  });

  const foreign: unknown[] = [
    undefined,
    null,
    'ready',
    [],
    { type: 'fix', action: 'toString' },
    { type: 'fix', action: '__proto__' },
    { type: 'fix', action: 'constructor' },
    { type: 'setDays', days: '30' },
    { type: 'setDays', days: 7.5 },
    { type: 'refresh', extra: 'field' },
    { type: 'runCommand', command: 'workbench.action.quit' },
    Object.create({ type: 'ready' }),
  ];
  for (const message of foreign) {
    it(`refuses ${JSON.stringify(message) ?? String(message)}`, () => {
      assert.equal(readFromWebview(message), undefined);
    });
  }
});

