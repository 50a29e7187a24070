// The one recognition every surface shares (hover, inlay hints, problems, completion, Segments in
// Code): what an id's own line says decides first, then its neighbours; a credential-named UUID is
// told apart. One table across the languages ids turn up in.
import assert from 'node:assert/strict';
import { type IdOccurrence, maySegment, saysSegment, scanText, splitLines } from '../../../../src/segments/code/codeScan';

const ID = '3bbc4555-8fa0-4c9b-a5c0-4505edf3e064';
const OTHER = 'c4a8e2b1-0f3d-4a6c-b8e9-51d7f2a03c6e';

type Seen = Pick<IdOccurrence, 'context' | 'apiKey'>;

/** [language, text, what the scan says of each id, in order] */
const TABLE: Array<[string, string, Seen[]]> = [
  ['typescript', `const segmentId = '${ID}';`, [{ context: 'segment', apiKey: false }]],
  ['typescript', `const WINBACK = '${ID}';`, [{ context: 'none', apiKey: false }]],
  ['typescript', `// segments of the spring campaign\nconst requestId = '${ID}';`, [{ context: 'other', apiKey: false }]],
  ['typescript', `const BRAZE_API_KEY = '${ID}'; // segment`, [{ context: 'other', apiKey: true }]],
  ['python', `segment_id = "${ID}"`, [{ context: 'segment', apiKey: false }]],
  ['python', `headers = {"Authorization": "Bearer ${ID}"}`, [{ context: 'other', apiKey: true }]],
  ['python', `api_key = "${ID}"`, [{ context: 'other', apiKey: true }]],
  ['json', `{ "campaign_id": "${OTHER}", "segment_id": "${ID}" }`, [{ context: 'other', apiKey: false }, { context: 'segment', apiKey: false }]],
  ['json', `{ "api_key": "${OTHER}", "segment_id": "${ID}" }`, [{ context: 'other', apiKey: true }, { context: 'segment', apiKey: false }]],
  ['yaml', `segments:\n  - ${ID}\n  - ${OTHER}`, [{ context: 'nearby', apiKey: false }, { context: 'nearby', apiKey: false }]],
  ['yaml', `audiences:\n  - ${ID}`, [{ context: 'none', apiKey: false }]],
  ['sql', `SELECT * FROM sends WHERE segment_id = '${ID}' AND trace_id = '${OTHER}';`, [{ context: 'segment', apiKey: false }, { context: 'other', apiKey: false }]],
  ['markdown', `The [winback](https://x.invalid/segments/details?segment_id=${ID}) audience.`, [{ context: 'segment', apiKey: false }]],
  ['shell', `curl -H "Authorization: Bearer ${ID}" https://rest.iad-03.braze.com/segments/list`, [{ context: 'other', apiKey: true }]],
  ['plaintext', `${ID}`, [{ context: 'none', apiKey: false }]],
];

describe('scanText: the shared recognition', () => {
  for (const [language, text, expected] of TABLE) {
    it(`${language}: ${text.replace(/\n/g, '⏎')}`, () => {
      const seen = scanText(text).map(({ context, apiKey }) => ({ context, apiKey }));
      assert.deepEqual(seen, expected);
    });
  }

  it('says where each id is: line and UTF-16 columns, lower-cased', () => {
    const [found] = scanText(`first\r\n  "segment_id": "${ID.toUpperCase()}"`);
    assert.deepEqual({ id: found.id, line: found.line, start: found.start, end: found.end }, { id: ID, line: 1, start: 17, end: 17 + 36 });
  });

  it('splits \\r\\n, \\n and \\r like an editor does', () => {
    assert.deepEqual(splitLines('a\r\nb\nc\rd'), ['a', 'b', 'c', 'd']);
  });

  it('keeps what its own line calls something else out of the segments, and says which need a word', () => {
    const [other, named, bare] = scanText(`trace_id = '${OTHER}'\n\n\n\n\nsegment_id = '${ID}'\n\n\n\nx = '${ID}'`);
    assert.deepEqual([maySegment(other), maySegment(named), maySegment(bare)], [false, true, true]);
    assert.deepEqual([saysSegment(named), saysSegment(bare)], [true, false]);
  });

  it('costs one search for a text without dashes', () => {
    assert.deepEqual(scanText('x'.repeat(100_000)), []);
  });
});
