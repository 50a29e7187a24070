// Names beside ids, as data: which occurrences of a range get a name, what the label says (untrusted
// names flattened and cut, the workspace named when it is not the folder's), and that the names come
// from what the lists and caches already know: no request, ever.
import assert from 'node:assert/strict';
import { scanText } from '../../../../src/segments/code/codeScan';
import { INLINE_NAME_LENGTH, type HintRange, type NameLookup, inlineNameHints, unnamedLabel } from '../../../../src/segments/code/inlineNameHints';
import { FIXTURE_SEGMENTS, KEYS, KNOWN_SEGMENT_ID, STAGING_KEYS, STAGING_SEGMENT_ID, UNKNOWN_SEGMENT_ID } from '../../../server/fixtures';
import { useBrazeServer } from '../../helpers';
import { useWorkspaces } from '../../workspaces';

const ID = '3bbc4555-8fa0-4c9b-a5c0-4505edf3e064';
const OTHER = 'c4a8e2b1-0f3d-4a6c-b8e9-51d7f2a03c6e';
const UNKNOWN = '9f8e7d6c-5b4a-4392-8170-fedcba987654';

const EVERYTHING: HintRange = { startLine: 0, startCharacter: 0, endLine: Number.MAX_SAFE_INTEGER, endCharacter: Number.MAX_SAFE_INTEGER };
const ONE: { several: boolean; target: string | undefined } = { several: false, target: 'Production' };

/** A lookup over fixed names (every id in Production unless given a workspace), counting its calls. */
function lookup(names: Record<string, string | undefined | { name: string | undefined; workspace: string }>): NameLookup & { calls: string[] } {
  const calls: string[] = [];
  const named = ((id: string) => {
    calls.push(id);
    if (!(id in names)) return undefined;
    const entry = names[id];
    return typeof entry === 'object' ? { name: entry.name, workspace: { name: entry.workspace } } : { name: entry, workspace: { name: 'Production' } };
  }) as NameLookup & { calls: string[] };
  named.calls = calls;
  return named;
}

const labels = (text: string, named: NameLookup, options = ONE, range = EVERYTHING) => inlineNameHints(scanText(text), range, named, options).map((hint) => hint.label);

describe('inlineNameHints', () => {
  const names = lookup({ [ID]: 'Lapsed buyers (EU)', [OTHER]: 'QA devices' });

  // The languages of the hover issue: a known segment gets its name wherever it is written, and a
  // UUID its own line calls something else never does.
  const TABLE: Array<[string, string, string[]]> = [
    ['typescript', `const winback = '${ID}';`, ['Lapsed buyers (EU)']],
    ['typescript', `const segmentId = '${ID}'; const requestId = '${OTHER}';`, ['Lapsed buyers (EU)']],
    ['python', `WINBACK = "${ID}"  # audience`, ['Lapsed buyers (EU)']],
    ['python', `api_key = "${ID}"`, []],
    ['json', `{ "campaign_id": "${OTHER}", "segment_id": "${ID}" }`, ['Lapsed buyers (EU)']],
    ['yaml', `segments:\n  - ${ID}\n  - ${OTHER}\n  - ${UNKNOWN}`, ['Lapsed buyers (EU)', 'QA devices']],
    ['sql', `SELECT * FROM sends WHERE segment_id = '${ID}' AND trace_id = '${OTHER}';`, ['Lapsed buyers (EU)']],
    ['markdown', `The [winback](https://x.invalid/?segment_id=${ID}) audience.`, ['Lapsed buyers (EU)']],
    ['shell', `curl -H "Authorization: Bearer ${ID}" https://rest.iad-03.braze.com/segments/list`, []],
    ['plaintext', `${UNKNOWN}`, []],
  ];
  for (const [language, text, expected] of TABLE) {
    it(`${language}: ${text.replace(/\n/g, '⏎')}`, () => {
      assert.deepEqual(labels(text, names), expected);
    });
  }

  it('stands just after the id, with the id, its workspace and what its line says', () => {
    const [hint] = inlineNameHints(scanText(`first\n  "segment_id": "${ID.toUpperCase()}",`), EVERYTHING, names, ONE);
    assert.deepEqual(hint, { id: ID, line: 1, character: 17 + 36, label: 'Lapsed buyers (EU)', workspace: 'Production', context: 'segment' });
  });

  it('gives only the hints of the requested range (the hint stands at the id\'s end)', () => {
    const text = [`a = '${ID}'`, `b = '${OTHER}'`, `c = '${ID}'`, `d = '${OTHER}'`].join('\n');
    assert.deepEqual(labels(text, names, ONE, { startLine: 1, startCharacter: 0, endLine: 2, endCharacter: 100 }), ['QA devices', 'Lapsed buyers (EU)']);
    // The range ends inside the second id of line 2: its end is outside.
    assert.deepEqual(labels(text, names, ONE, { startLine: 1, startCharacter: 0, endLine: 2, endCharacter: 20 }), ['QA devices']);
    // It starts after the end of line 0's id.
    assert.deepEqual(labels(text, names, ONE, { startLine: 0, startCharacter: 42, endLine: 0, endCharacter: 200 }), []);
    assert.deepEqual(labels(text, names, ONE, { startLine: 9, startCharacter: 0, endLine: 12, endCharacter: 0 }), []);
  });

  it('asks about each distinct id once per call', () => {
    const counted = lookup({ [ID]: 'Lapsed buyers (EU)' });
    const text = Array.from({ length: 50 }, (_, i) => `x${i} = '${i % 2 ? ID : UNKNOWN}'`).join('\n');
    assert.equal(labels(text, counted).length, 25);
    assert.deepEqual(counted.calls.sort(), [ID, UNKNOWN].sort());
  });

  it('flattens an untrusted name (no invisible or direction characters, one line) and cuts it short', () => {
    const hostile = lookup({
      [ID]: 'Lapsed\u202e buyers\u200b\n\n(EU)\u0007',
      [OTHER]: 'A very long segment name that goes on and on about who is in it and why',
    });
    const [flat, long] = labels(`a = '${ID}'\nb = '${OTHER}'`, hostile);
    assert.equal(flat, 'Lapsed buyers (EU)');
    assert.ok(long.length <= INLINE_NAME_LENGTH, long);
    assert.match(long, /^A very long segment name that goes on…$/);
  });

  it('calls a known segment without a name "(unnamed segment)"', () => {
    assert.deepEqual(labels(`a = '${ID}'`, lookup({ [ID]: undefined })), [unnamedLabel()]);
    assert.deepEqual(labels(`a = '${ID}'`, lookup({ [ID]: '\u200b\u202e' })), [unnamedLabel()]);
  });

  it('names the workspace of a segment that is not in the folder\'s own workspace, only when there are several', () => {
    const spread = lookup({ [ID]: 'Lapsed buyers (EU)', [OTHER]: { name: 'QA testers', workspace: 'Staging' } });
    const text = `a = '${ID}'\nb = '${OTHER}'`;
    assert.deepEqual(labels(text, spread, { several: true, target: 'Production' }), ['Lapsed buyers (EU)', 'QA testers · Staging']);
    assert.deepEqual(labels(text, spread, { several: true, target: 'Staging' }), ['Lapsed buyers (EU) · Production', 'QA testers']);
    assert.deepEqual(labels(text, spread, { several: false, target: 'Production' }), ['Lapsed buyers (EU)', 'QA testers']);
    const [hint] = inlineNameHints(scanText(`b = '${OTHER}'`), EVERYTHING, spread, { several: true, target: 'Production' });
    assert.equal(hint.workspace, 'Staging', 'the panel opens in the segment\'s own workspace');
  });

  it('names every one of 1,000 ids in a 5,000-line file, each at its own id (its speed is measured by npm run bench)', () => {
    const text = Array.from({ length: 5000 }, (_, i) => (i % 5 ? `  line ${i} of code` : `  segment_id: "${ID.slice(0, 30)}${String(i).padStart(6, '0')}"`)).join('\n');
    const occurrences = scanText(text);
    assert.equal(occurrences.length, 1000);
    const named: NameLookup = (id) => ({ name: `Segment ${id.slice(-6)}`, workspace: { name: 'Production' } });
    const hints = inlineNameHints(occurrences, EVERYTHING, named, ONE);
    assert.equal(hints.length, 1000);
    assert.deepEqual(
      hints.slice(0, 2).map((hint) => [hint.line, hint.label]),
      [[0, 'Segment 000000'], [5, 'Segment 000005']],
    );
  });
});

describe('inlineNameHints over real workspaces: from the lists and caches only', () => {
  const h = useBrazeServer();
  const workspaces = useWorkspaces(h);

  it('names listed and cached ids, across workspaces, without sending a request', async () => {
    const built = workspaces([
      { name: 'Production', key: KEYS.all },
      { name: 'Staging', key: STAGING_KEYS.all },
    ]);
    const production = built.get('Production');
    const staging = built.get('Staging');
    await staging.catalog.load('desc');
    await production.service.getDetails(KNOWN_SEGMENT_ID);
    h.server.resetRecords();
    const text = [`segment_id: "${KNOWN_SEGMENT_ID}"`, `segment_id: "${STAGING_SEGMENT_ID}"`, `segment_id: "${UNKNOWN_SEGMENT_ID}"`, `segment_id: "${FIXTURE_SEGMENTS[1].id}"`].join('\n');
    const hints = inlineNameHints(scanText(text), EVERYTHING, (id) => built.resolver.named(id, undefined), { several: true, target: 'Production' });
    assert.deepEqual(
      hints.map((hint) => [hint.label, hint.workspace]),
      [
        ['Lapsed buyers (EU)', 'Production'],
        ['Staging: QA testers · Staging', 'Staging'],
      ],
    );
    assert.equal(h.server.requests.length, 0, 'decorating sent a request');
  });
});
