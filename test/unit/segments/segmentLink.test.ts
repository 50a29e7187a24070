// The Markdown link Copy Markdown Link to Segment puts on the clipboard, checked by what a real
// CommonMark + GFM renderer (markdown-it, as in hoverCard.test.ts) makes of it.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { escapeLinkText, segmentMarkdownLink } from '../../../src/segments/segmentLink';
import { FIXTURE_SEGMENTS, KNOWN_SEGMENT_ID, MARKUP_SEGMENT_ID } from '../../server/fixtures';

interface Token {
  type: string;
  content: string;
  attrGet(name: string): string | null;
  children: Token[] | null;
}
interface MarkdownIt {
  parseInline(text: string, env: object): Token[];
  renderInline(text: string): string;
}
const md = new (createRequire(__filename)('markdown-it') as new (options: object) => MarkdownIt)({ html: true, linkify: true });

function inline(markdown: string): Token[] {
  return md.parseInline(markdown, {})[0].children ?? [];
}

function plainText(html: string): string {
  return html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

const DASHBOARD = 'https://dashboard-01.braze.eu';

describe('segment Markdown link', () => {
  it('links the name to the dashboard, the id in code after it, and stays readable', () => {
    const markdown = segmentMarkdownLink({ id: KNOWN_SEGMENT_ID, name: 'Lapsed buyers (EU)' }, DASHBOARD);
    assert.equal(markdown, `[Lapsed buyers (EU)](${DASHBOARD}) (\`${KNOWN_SEGMENT_ID}\`)`);
    const tokens = inline(markdown);
    const links = tokens.filter((token) => token.type === 'link_open');
    assert.equal(links.length, 1);
    assert.equal(links[0].attrGet('href'), DASHBOARD);
    assert.equal(tokens[tokens.indexOf(links[0]) + 1].content, 'Lapsed buyers (EU)');
    assert.ok(tokens.some((token) => token.type === 'code_inline' && token.content === KNOWN_SEGMENT_ID));
  });

  it('without a dashboard: the name and the id, no link', () => {
    const markdown = segmentMarkdownLink({ id: KNOWN_SEGMENT_ID, name: 'Lapsed buyers (EU)' }, undefined);
    assert.equal(markdown, `Lapsed buyers (EU) (\`${KNOWN_SEGMENT_ID}\`)`);
    assert.equal(inline(markdown).filter((token) => token.type === 'link_open').length, 0);
  });

  it('names an unnamed segment so, and never links to anything but an https dashboard', () => {
    assert.match(segmentMarkdownLink({ id: KNOWN_SEGMENT_ID, name: '  ' }, DASHBOARD), /^\[Unnamed segment\]/);
    assert.doesNotMatch(segmentMarkdownLink({ id: KNOWN_SEGMENT_ID, name: 'x' }, 'javascript:alert(1)'), /\]\(/);
    assert.doesNotMatch(segmentMarkdownLink({ id: KNOWN_SEGMENT_ID, name: 'x' }, 'https://a.example/) [y](https://evil.example'), /evil/);
  });

  const HOSTILE = [
    '[click](https://evil.example)',
    '](https://evil.example) [x',
    '![pixel](https://evil.example/p.png)',
    '<img src=x onerror=alert(1)> <b>bold</b> &lt;b&gt;',
    '**bold** _it_ `code` ~~gone~~',
    'https://evil.example www.evil.example mail@evil.example',
    'back\\slash\\](x) $(alert) | a | b |',
    'line\nbreak\u202Ereversed\u200Bhidden',
  ];

  it('renders every hostile name as exactly its text: one link, ours, nothing else', () => {
    const names = [...HOSTILE, ...FIXTURE_SEGMENTS.filter((segment) => segment.id === MARKUP_SEGMENT_ID).map((segment) => segment.name ?? '')];
    for (const name of names) {
      const markdown = segmentMarkdownLink({ id: KNOWN_SEGMENT_ID, name }, DASHBOARD);
      const tokens = inline(markdown);
      const links = tokens.filter((token) => token.type === 'link_open');
      assert.equal(links.length, 1, `one link for ${JSON.stringify(name)}: ${markdown}`);
      assert.equal(links[0].attrGet('href'), DASHBOARD);
      assert.ok(!tokens.some((token) => ['image', 'html_inline', 'strong_open', 'em_open', 's_open'].includes(token.type)), `nothing rendered from ${JSON.stringify(name)}`);
      const html = md.renderInline(escapeLinkText(name));
      const flat = name.replace(/[\u200B\u202E]/g, '').replace(/\s+/g, ' ').trim();
      assert.equal(plainText(html), flat, `shown as typed: ${JSON.stringify(name)}`);
    }
  });
});
