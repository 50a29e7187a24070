// Where segment completion may offer ids: in a string still open at the cursor, and whether the code
// says a segment id goes there (the line names a segment, or it is an item under a `segments` key).
// One table across the languages ids turn up in; `|` marks the cursor.
import assert from 'node:assert/strict';
import { splitLines } from '../../../../src/segments/code/codeScan';
import { completionSpotAt } from '../../../../src/segments/code/completionContext';

/** The spot at the `|` of `text` (which is taken out). */
function spotAt(text: string, options: { bare?: boolean } = {}) {
  const lines = splitLines(text);
  const line = lines.findIndex((l) => l.includes('|'));
  assert.ok(line >= 0, 'no cursor in the text');
  const character = lines[line].indexOf('|');
  lines[line] = lines[line].replace('|', '');
  const spot = completionSpotAt(lines, line, character, options);
  return spot && { typed: spot.typed, segment: spot.segment, quoted: spot.quoted, replaced: lines[line].slice(spot.start, spot.replaceEnd) };
}

/** [language, text with `|` at the cursor, what the spot is: undefined for "in no string"] */
const TABLE: Array<[string, string, { typed: string; segment: boolean } | undefined]> = [
  // A segment context: the string's own line names a segment.
  ['typescript', `const segmentId = '|`, { typed: '', segment: true }],
  ['typescript', `const SEGMENT = "Lapsed bu|`, { typed: 'Lapsed bu', segment: true }],
  ['typescript', `await braze.segments.details({ segment_id: \`win|\` });`, { typed: 'win', segment: true }],
  ['typescript', `fetch('/segments/details?segment_id=Lap|')`, { typed: 'Lap', segment: true }],
  ['typescript', `const WINBACK_SEGMENTS = {\n  spring: '|',`, { typed: '', segment: true }],
  ['python', `segment_id = "|"`, { typed: '', segment: true }],
  ['python', `SEGMENT = f'lap|`, { typed: 'lap', segment: true }],
  ['python', `params = {"segment_id": 'Lapsed|'}`, { typed: 'Lapsed', segment: true }],
  ['json', `{ "campaign_id": "abc", "segment_id": "|" }`, { typed: '', segment: true }],
  ['json', `{\n  "segments": [\n    "|"\n  ]\n}`, { typed: '', segment: true }],
  ['yaml', `segments:\n  - "La|"`, { typed: 'La', segment: true }],
  ['yaml', `audience:\n  segment_id: 'vip|'`, { typed: 'vip', segment: true }],
  ['sql', `SELECT * FROM sends WHERE segment_id = '|';`, { typed: '', segment: true }],
  ['sql', `WHERE segment_id IN ('3bbc4555-8fa0-4c9b-a5c0-4505edf3e064', 'Q|')`, { typed: 'Q', segment: true }],
  ['markdown', 'Send to `segment_id` `|`', { typed: '', segment: true }],
  // In a string, but nothing says a segment id goes there (Ctrl+Space still offers segments).
  ['typescript', `const winback = '|`, { typed: '', segment: false }],
  ['typescript', `// segments of the spring campaign\nconst x = '|'`, { typed: '', segment: false }],
  ['typescript', `const campaign_id = '|'`, { typed: '', segment: false }],
  ['json', `{ "segment_id": "abc", "campaign_id": "|" }`, { typed: '', segment: false }],
  ['yaml', `audiences:\n  - "|"`, { typed: '', segment: false }],
  ['sql', `SELECT * FROM sends WHERE trace_id = '|';`, { typed: '', segment: false }],
  ['markdown', 'The `|` audience', { typed: '', segment: false }],
  // In no string: the quote is closed, or it is an apostrophe, or there is none.
  ['typescript', `const segmentId = '3bbc';|`, undefined],
  ['typescript', `const segmentId = "a\\"b"|`, undefined],
  ['typescript', `const segmentId = 12|`, undefined],
  ['python', `# the segment's id|`, undefined],
  ['markdown', `Our users' segment_id|`, undefined],
  ['sql', `SELECT segment_id FROM sends|`, undefined],
  ['yaml', `segments:\n  - Lap|`, undefined],
];

describe('completionSpotAt: a string, and whether a segment id goes in it', () => {
  for (const [language, text, expected] of TABLE) {
    it(`${language}: ${text.replace(/\n/g, '⏎')}`, () => {
      const spot = spotAt(text);
      assert.deepEqual(spot && { typed: spot.typed, segment: spot.segment }, expected);
    });
  }

  it('replaces what was typed since the quote, and in replace mode the rest of the string up to its closing quote', () => {
    assert.deepEqual(spotAt(`segment_id = "Lap|sed buyers"`), { typed: 'Lap', segment: true, quoted: true, replaced: 'Lapsed buyers' });
    assert.deepEqual(spotAt(`segment_id = "Lap|`), { typed: 'Lap', segment: true, quoted: true, replaced: 'Lap' });
    // In a URL, only the query value.
    assert.deepEqual(spotAt(`get('/segments/details?segment_id=La|p&x=1')`), { typed: 'La', segment: true, quoted: true, replaced: 'Lap' });
  });

  it('reads a bare YAML value only where told to, and only in a segment context', () => {
    assert.deepEqual(spotAt(`segments:\n  - Lap|`, { bare: true }), { typed: 'Lap', segment: true, quoted: false, replaced: 'Lap' });
    assert.deepEqual(spotAt(`segments:\n  - |`, { bare: true }), { typed: '', segment: true, quoted: false, replaced: '' });
    assert.deepEqual(spotAt(`campaign:\n  segment_id: Lapsed bu|`, { bare: true }), { typed: 'Lapsed bu', segment: true, quoted: false, replaced: 'Lapsed bu' });
    assert.equal(spotAt(`audiences:\n  - Lap|`, { bare: true }), undefined);
    assert.equal(spotAt(`segments:|`, { bare: true }), undefined);
    assert.equal(spotAt(`segments:\n  # segment|`, { bare: true }), undefined);
  });

  it('gives up on lines too long to be code, and on positions off the line', () => {
    assert.equal(completionSpotAt([`segment_id = "${'x'.repeat(20_000)}`], 0, 15), undefined);
    assert.equal(completionSpotAt([`segment_id = "`], 0, 99), undefined);
  });
});
