import assert from 'node:assert/strict';
import { findSegmentIds, isSegmentContext, MAX_SCANNED_LINE_LENGTH, segmentIdAt } from '../../../src/segments/idDetection';

const ID = '3bbc4555-8fa0-4c9b-a5c0-4505edf3e064';
const UP = ID.toUpperCase();
const ID2 = '7d1f0c2e-5b8a-4e3f-9c61-2a4b8e0d9f13';

interface Case {
  lang: string;
  line: string;
  /** The ids expected, lower case, in order; empty for a negative case. */
  ids: string[];
}

const found = (line: string) => findSegmentIds(line).map((hit) => hit.id);

// Positive cases: each language's usual ways of writing an id.
const POSITIVE: Case[] = [
  { lang: 'TypeScript', line: `const SEGMENT = '${ID}';`, ids: [ID] },
  { lang: 'TypeScript', line: `await braze.segments.details({ segmentId: "${ID}" });`, ids: [ID] },
  { lang: 'TypeScript', line: 'fetch(`/segments/details?segment_id=' + ID + '`)', ids: [ID] },
  { lang: 'JavaScript', line: `module.exports = { winback: \`${ID}\`, vip: '${ID2}' };`, ids: [ID, ID2] },
  { lang: 'JavaScript', line: `// see ${ID}`, ids: [ID] },
  { lang: 'Python', line: `SEGMENT_ID = "${ID}"  # lapsed buyers`, ids: [ID] },
  { lang: 'Python', line: `requests.get(f"{base}/segments/details", params={"segment_id": '${ID}'})`, ids: [ID] },
  { lang: 'Python', line: `ids = ['${ID}','${ID2}']`, ids: [ID, ID2] },
  { lang: 'Ruby', line: `segment_id = '${ID}'.freeze`, ids: [ID] },
  { lang: 'Ruby', line: `SEGMENTS = %w[${ID} ${ID2}]`, ids: [ID, ID2] },
  { lang: 'Go', line: `const lapsedSegment = "${ID}"`, ids: [ID] },
  { lang: 'Go', line: 'url := fmt.Sprintf("%s/segments/details?segment_id=%s", base, `' + ID + '`)', ids: [ID] },
  { lang: 'Java', line: `private static final String SEGMENT_ID = "${UP}";`, ids: [ID] },
  { lang: 'Kotlin', line: `val segment = Segment(id = "${ID}")`, ids: [ID] },
  { lang: 'C#', line: `var segmentId = Guid.Parse("{${ID}}");`, ids: [ID] },
  { lang: 'PHP', line: `$segment = ['segment_id' => "${ID}"];`, ids: [ID] },
  { lang: 'SQL', line: `SELECT * FROM audiences WHERE segment_id = '${ID}';`, ids: [ID] },
  { lang: 'SQL', line: `WHERE segment_id IN ('${ID}','${UP.replace('3BBC', '4BBC')}')`, ids: [ID, ID.replace('3bbc', '4bbc')] },
  { lang: 'JSON', line: `  "segment_id": "${ID}",`, ids: [ID] },
  { lang: 'JSON', line: `{"segments":["${ID}","${ID2}"]}`, ids: [ID, ID2] },
  { lang: 'YAML', line: `  segment_id: ${ID}`, ids: [ID] },
  { lang: 'YAML', line: `  - ${ID}`, ids: [ID] },
  { lang: 'TOML', line: `winback_segment = "${ID}"`, ids: [ID] },
  { lang: '.env', line: `BRAZE_SEGMENT_ID=${ID}`, ids: [ID] },
  { lang: '.env', line: `export BRAZE_SEGMENT_ID="${UP}"`, ids: [ID] },
  { lang: 'Markdown', line: `The winback segment is \`${ID}\`.`, ids: [ID] },
  { lang: 'Markdown', line: `| Lapsed buyers | ${ID} |`, ids: [ID] },
  { lang: 'Markdown', line: `[segment](https://rest.iad-01.braze.com/segments/details?segment_id=${ID})`, ids: [ID] },
  { lang: 'Liquid', line: `{% connected_content https://rest.iad-01.braze.com/segments/details?segment_id=${ID} :save seg %}`, ids: [ID] },
  { lang: 'Liquid', line: `{% assign segment = "${ID}" %}`, ids: [ID] },
  { lang: 'HTML', line: `<div data-segment-id="${ID}">`, ids: [ID] },
  { lang: 'HTML', line: `<a href="/segments/${ID}/edit">edit</a>`, ids: [ID] },
  { lang: 'plaintext', line: ID, ids: [ID] },
  { lang: 'plaintext', line: `Segment: ${UP}.`, ids: [ID] },
  { lang: 'plaintext', line: `(${ID}), [${ID2}];`, ids: [ID, ID2] },
  { lang: 'plaintext', line: `segment-${ID} and ${ID2}-export.csv`, ids: [ID, ID2] },
  { lang: 'plaintext', line: `mixed case ${'3BbC4555-8Fa0-4C9b-A5c0-4505EdF3e064'}`, ids: [ID] },
  { lang: 'query string', line: `?page=0&segment_id=${ID}&length=30`, ids: [ID] },
  { lang: 'query string', line: `segment_id=${encodeURIComponent(ID)}#top`, ids: [ID] },
  { lang: 'punctuation', line: `<${ID}>;${ID2}!`, ids: [ID, ID2] },
  { lang: 'punctuation', line: `"${ID}":'${ID2}'`, ids: [ID, ID2] },
  { lang: 'unicode', line: `— ${ID} — ✓`, ids: [ID] },
];

// Negative cases: UUID-like text that is not an id standing alone.
const NEGATIVE: Case[] = [
  { lang: 'prefix letter', line: `x${ID}`, ids: [] },
  { lang: 'prefix digit', line: `0${ID}`, ids: [] },
  { lang: 'prefix underscore', line: `seg_${ID}`, ids: [] },
  { lang: 'suffix letter', line: `${ID}z`, ids: [] },
  { lang: 'suffix digit', line: `${ID}0`, ids: [] },
  { lang: 'suffix underscore', line: `${ID}_v2`, ids: [] },
  { lang: 'hex- before', line: `abcd-${ID}`, ids: [] },
  { lang: 'hex- before (digits)', line: `"1-${ID}"`, ids: [] },
  { lang: '-hex after', line: `${ID}-abcd`, ids: [] },
  { lang: '-hex after (digits)', line: `${ID}-1`, ids: [] },
  { lang: 'two glued UUIDs', line: `${ID}-${ID2}`, ids: [] },
  { lang: 'partial: short last group', line: `"${ID.slice(0, -1)}"`, ids: [] },
  { lang: 'partial: four groups', line: `"3bbc4555-8fa0-4c9b-a5c0"`, ids: [] },
  { lang: 'partial: short first group', line: `"${ID.slice(1)}"`, ids: [] },
  { lang: 'no dashes', line: `"${ID.replace(/-/g, '')}"`, ids: [] },
  { lang: 'non-hex letter', line: `"3bbc4555-8fa0-4c9b-a5c0-4505edf3e06g"`, ids: [] },
  { lang: 'wrong grouping', line: `"3bbc45558-fa0-4c9b-a5c0-4505edf3e064"`, ids: [] },
  { lang: 'sha in a lockfile', line: `  integrity sha512-3bbc4555a8fa04c9ba5c04505edf3e0643bbc4555a8fa04c9b==`, ids: [] },
  { lang: 'Go (go.sum)', line: `golang.org/x/text v0.3.0-${ID}0 h1:abc=`, ids: [] },
  { lang: 'Java identifier', line: `int a${ID.replace(/-/g, '_')} = 1;`, ids: [] },
  { lang: 'no id', line: 'const segment_id = lookup(segments[0]);', ids: [] },
  { lang: 'dashes only', line: '----------------------------------------------------------------', ids: [] },
];

describe('segment id detection', () => {
  describe('finds ids', () => {
    for (const { lang, line, ids } of POSITIVE) {
      it(`${lang}: ${line}`, () => assert.deepEqual(found(line), ids));
    }
  });

  describe('ignores what is not an id standing alone', () => {
    for (const { lang, line, ids } of NEGATIVE) {
      it(`${lang}: ${line}`, () => assert.deepEqual(found(line), ids));
    }
  });

  it('reports where each id is, lower-cased', () => {
    const line = `a = ["${UP}", '${ID2}']`;
    const hits = findSegmentIds(line);
    assert.deepEqual(hits, [
      { id: ID, start: 6, end: 42 },
      { id: ID2, start: 46, end: 82 },
    ]);
    for (const hit of hits) assert.equal(line.slice(hit.start, hit.end).toLowerCase(), hit.id);
  });

  it('skips lines over the length limit, and scans those at it', () => {
    const pad = (length: number) => `"${ID}"`.padEnd(length, ' ');
    assert.deepEqual(found(pad(MAX_SCANNED_LINE_LENGTH)), [ID]);
    assert.deepEqual(found(pad(MAX_SCANNED_LINE_LENGTH + 1)), []);
    assert.equal(segmentIdAt(pad(MAX_SCANNED_LINE_LENGTH + 1), 3), undefined);
  });

  describe('segmentIdAt', () => {
    const line = `  lookup('${ID}', "${ID2}")`;
    const start = line.indexOf(ID);
    it('finds the id at every position it covers, both ends included', () => {
      for (let character = start; character <= start + ID.length; character++) {
        assert.deepEqual(segmentIdAt(line, character), { id: ID, start, end: start + ID.length }, `at ${character}`);
      }
    });
    it('finds nothing beside it', () => {
      assert.equal(segmentIdAt(line, start - 2), undefined);
      assert.equal(segmentIdAt(line, 0), undefined);
      assert.equal(segmentIdAt(line, -1), undefined);
      assert.equal(segmentIdAt(line, line.length + 5), undefined);
    });
    it('tells neighbours apart', () => {
      assert.equal(segmentIdAt(line, line.indexOf(ID2) + 3)?.id, ID2);
      assert.equal(segmentIdAt(`${ID},${ID2}`, 36)?.id, ID, 'the shared boundary belongs to the first');
      assert.equal(segmentIdAt(`${ID},${ID2}`, 37)?.id, ID2);
    });
    it('applies the same boundary rules as the full scan, even far from the position', () => {
      assert.equal(segmentIdAt(`deadbeefdeadbeef-${ID}`, 30), undefined);
      assert.equal(segmentIdAt(`${ID}-deadbeefdeadbeef`, 3), undefined);
      assert.equal(segmentIdAt(`${ID}-details`, 3)?.id, ID);
    });
    it('agrees with findSegmentIds on every position of the positive and negative tables', () => {
      for (const { line: text } of [...POSITIVE, ...NEGATIVE]) {
        const hits = findSegmentIds(text);
        for (let character = 0; character <= text.length; character++) {
          const expected = hits.find((hit) => hit.start <= character && character <= hit.end);
          assert.deepEqual(segmentIdAt(text, character), expected, `${text} at ${character}`);
        }
      }
    });
  });

  describe('isSegmentContext', () => {
    const lines = ['// lapsed buyers', '', 'const a = 1;', `const x = "${ID}";`, 'const b = 2;', '', 'call(SEGMENT_ID)'];
    const cases: Array<[string, string[], number, boolean]> = [
      ['the line itself (snake case)', [`segment_id=${ID}`], 0, true],
      ['the line itself (camel case)', [`{ segmentId: "${ID}" }`], 0, true],
      ['the line itself (upper case)', [`BRAZE_SEGMENT=${ID}`], 0, true],
      ['a URL path', [`GET /segments/details?x=${ID}`], 0, true],
      ['one line above', ['# Segments', `- ${ID}`], 1, true],
      ['two lines below', [`"${ID}",`, '', '], // Segment ids'], 0, true],
      ['nothing near', ['const a = 1;', '', '', `const x = "${ID}";`, '', '', ''], 3, false],
      ['a "segment" three lines up does not count', ['segment', '', '', `"${ID}"`], 3, false],
      ['first line of a file', [`"${ID}"`], 0, false],
      ['a minified neighbour is not read', ['x'.repeat(MAX_SCANNED_LINE_LENGTH) + 'segment', `"${ID}"`], 1, false],
    ];
    for (const [name, text, index, expected] of cases) {
      it(`${name}: ${expected}`, () => assert.equal(isSegmentContext(text, index), expected));
    }
    it('reads a TextDocument-shaped source as well as an array', () => {
      const document = { lineCount: lines.length, lineAt: (i: number) => ({ text: lines[i] }) };
      assert.equal(isSegmentContext(document, 6), true);
      assert.equal(isSegmentContext(document, 2), false);
      assert.equal(isSegmentContext(document, 3), false, 'SEGMENT_ID is three lines below');
    });
  });
});
