import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { BrazeError } from '../../../src/braze/errors';
import { flatten as flattenText } from '../../../src/braze/untrusted';
import type { SegmentDetails } from '../../../src/braze/model';
import { CARD_LIMITS, HOVER_COMMANDS, escapeMarkdown, hoverCardMarkdown, shorten, type CardContext, type HoverCardState } from '../../../src/segments/hoverCard';
import { FIXTURE_SEGMENTS, KNOWN_SEGMENT_ID, LONG_DESCRIPTION_SEGMENT_ID, MANY_TAGS_SEGMENT_ID, MARKUP_SEGMENT_ID, UNICODE_SEGMENT_ID, type ServerSegment } from '../../server/fixtures';

// A real CommonMark + GFM-autolink renderer (markdown-it, which @vscode/vsce already depends on) checks
// what the text *renders to*, not only what it looks like. `html: true` makes any raw HTML that got
// through visible as html tokens; `linkify: true` makes bare URLs into links, as VS Code's renderer does.
interface Token {
  type: string;
  tag: string;
  content: string;
  attrGet(name: string): string | null;
  children: Token[] | null;
}
interface MarkdownIt {
  parse(text: string, env: object): Token[];
  render(text: string): string;
  renderInline(text: string): string;
}
const MarkdownItClass = createRequire(__filename)('markdown-it') as new (options: object) => MarkdownIt;
const md = new MarkdownItClass({ html: true, linkify: true });

function flatten(tokens: Token[]): Token[] {
  return tokens.flatMap((token) => [token, ...flatten(token.children ?? [])]);
}

function htmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The segment as the client would return it: the server's nulls and absent fields folded. */
function details(segment: ServerSegment): SegmentDetails {
  return {
    id: segment.id,
    name: segment.name ?? undefined,
    description: segment.description ?? undefined,
    textDescription: segment.text_description ?? undefined,
    tags: segment.tags ?? [],
    teams: segment.teams ?? [],
    createdAt: segment.created_at ?? undefined,
    updatedAt: segment.updated_at ?? undefined,
  };
}
const fixture = (id: string) => details(FIXTURE_SEGMENTS.find((segment) => segment.id === id)!);

const NOW = Date.parse('2024-11-05T16:05:11.000Z');
const context: CardContext = { instance: 'US-03', hasDashboard: true, now: NOW };

// Everything Braze could send that Markdown or HTML would turn into something.
const HOSTILE = [
  '<img src=x onerror="alert(1)"><script>alert(1)</script>',
  '<a href="command:workbench.action.quit">x</a>',
  '[click](https://evil.example)',
  '[run](command:workbench.action.quit "title")',
  '![pixel](https://evil.example/p.png)',
  '[ref][1]\n\n[1]: command:workbench.action.quit',
  '<https://evil.example>',
  '<command:workbench.action.quit>',
  'https://evil.example/path?q=1',
  'www.evil.example',
  'mail@evil.example',
  '`code` and ``double``',
  '```\nfenced\n```',
  '*em* _em_ **strong** __strong__ ~~strike~~',
  '# Heading',
  'Setext\n===',
  '- item\n+ item\n* item\n1. item\n2) item',
  '> quote',
  '| a | b |\n|---|---|\n| c | d |',
  'line one  \nline two\\\nline three',
  '    indented code',
  '&lt;escaped&gt; &amp; &#x3C;script&#x3E; &copy;',
  '$(alert) $(zap~spin)',
  'back\\slash \\[not a link\\](command:x)',
  'trailing backslash\\',
  'a\u0000b\u0007c\u001bd\u007fe\u0085f\u202eg\u2066h\ufeffi',
  'tab\there\r\nwindows\u2028sep',
  '{{ liquid }} {% tag %} :emoji: @mention #123',
  '<!-- comment --> <![CDATA[x]]> <?php ?>',
  '[a](<command:x>) [b]( command:x ) [c](javascript:alert(1))',
];

describe('escapeMarkdown', () => {
  for (const text of HOSTILE) {
    it(`renders literally: ${JSON.stringify(text)}`, () => {
      const escaped = escapeMarkdown(text);
      const tokens = flatten(md.parse(escaped, {}));
      const kinds = new Set(tokens.map((token) => token.type));
      assert.deepEqual([...kinds].sort(), ['inline', 'paragraph_close', 'paragraph_open', 'text'].filter((k) => escaped.trim() || !k.startsWith('para')).sort(), `only plain text, got ${[...kinds].join(', ')}`);
      // The rendered HTML is exactly the input as text: invisible characters removed, whitespace folded.
      const expected = flattenText(text);
      assert.equal(md.renderInline(escaped), htmlText(expected));
    });
  }

  it('leaves no unescaped markup characters and no line breaks', () => {
    for (const text of HOSTILE) {
      const escaped = escapeMarkdown(text);
      assert.doesNotMatch(escaped, /(^|[^\\])(\\\\)*[<>[\]`*_|#&!()]/, escaped);
      assert.doesNotMatch(escaped, /command:/);
      assert.doesNotMatch(escaped, /[\n\r\u2028\u2029]/);
    }
  });

  it('keeps letters, digits, spaces and Unicode as they are', () => {
    assert.equal(escapeMarkdown('Lapsed buyers EU 90 days'), 'Lapsed buyers EU 90 days');
    const unicode = fixture(UNICODE_SEGMENT_ID).name!;
    assert.equal(md.renderInline(escapeMarkdown(unicode)), unicode, 'emoji ZWJ sequences, combining accents, RTL text survive');
  });
});

describe('shorten', () => {
  it('cuts at a word boundary with an ellipsis', () => {
    const text = 'word '.repeat(100);
    const short = shorten(text, 200)!;
    assert.ok(short.length <= 200, `${short.length}`);
    assert.match(short, /word…$/);
  });
  it('leaves short text and folds whitespace', () => {
    assert.equal(shorten('  a \n\n b  ', 200), 'a b');
    assert.equal(shorten('   ', 200), undefined);
    assert.equal(shorten(undefined, 200), undefined);
  });
  it('cuts a long word rather than dropping everything, without splitting a surrogate pair', () => {
    assert.equal(shorten('x'.repeat(300), 10), `${'x'.repeat(9)}…`);
    const emoji = shorten(`${'a'.repeat(8)}🎉🎉🎉`, 10)!;
    assert.doesNotMatch(emoji, /[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});

describe('hover card', () => {
  const ourLink = /^command:(braze\.[A-Za-z]+)(\?.*)?$/;

  /** Parses the card and checks that every link is ours, nothing else renders, and returns the links. */
  function inspect(markdown: string): { links: Array<{ text: string; command: string; args?: unknown }>; tokens: Token[] } {
    const tokens = flatten(md.parse(markdown, {}));
    const banned = tokens.filter((token) => /^(html_|image|code_|fence|table|bullet_list|ordered_list|blockquote|hr|s_open)/.test(token.type));
    assert.deepEqual(banned.map((token) => token.type), [], 'nothing but text, our heading, emphasis and links renders');
    const links: Array<{ text: string; command: string; args?: unknown }> = [];
    tokens.forEach((token, index) => {
      if (token.type !== 'link_open') return;
      const href = token.attrGet('href') ?? '';
      const match = ourLink.exec(href);
      assert.ok(match, `a link that is not ours: ${href}`);
      assert.ok(HOVER_COMMANDS.includes(match[1]), `${match[1]} is in HOVER_COMMANDS`);
      links.push({ text: tokens[index + 1].content, command: match[1], args: match[2] ? JSON.parse(decodeURIComponent(match[2].slice(1))) : undefined });
    });
    // Only our links may contain the text "command:" at all.
    const outside = markdown.replace(/\]\(command:braze\.[A-Za-z]+(\?[^)\s]*)?\)/g, '');
    assert.doesNotMatch(outside, /command:/);
    return { links, tokens };
  }

  it('shows a segment: heading, descriptions, tags, teams, age, instance and actions', () => {
    const markdown = hoverCardMarkdown({ kind: 'found', details: fixture(KNOWN_SEGMENT_ID) }, context);
    const { links, tokens } = inspect(markdown);
    assert.equal(tokens.filter((t) => t.type === 'heading_open').length, 1);
    assert.match(markdown, /^#### Lapsed buyers \\\(EU\\\)\n/);
    assert.match(markdown, /90\\-day winback audience/);
    assert.match(markdown, /\*Filters:\* Country is one of/);
    assert.match(markdown, /Tags: winback, eu · Teams: Lifecycle/);
    assert.match(markdown, /\*updated 3 days ago · US\\-03\*/);
    assert.deepEqual(links, [
      { text: 'Open details', command: 'braze.openSegment', args: [KNOWN_SEGMENT_ID] },
      { text: 'Copy id', command: 'braze.copySegmentId', args: [KNOWN_SEGMENT_ID] },
      { text: 'Open Braze dashboard', command: 'braze.openDashboard', args: undefined },
      { text: 'Copy name', command: 'braze.copySegmentName', args: [KNOWN_SEGMENT_ID] },
      { text: 'Copy Markdown link', command: 'braze.copySegmentMarkdownLink', args: [KNOWN_SEGMENT_ID] },
      { text: 'Reveal in Segments view', command: 'braze.revealSegment', args: [KNOWN_SEGMENT_ID] },
    ]);
    // The copy and reveal links are a second line, below the ones a glance needs.
    assert.match(markdown, /\)\n\n\[Copy name\]\(command:braze\.copySegmentName\?/);
    // Each link's URI-encoded JSON arguments cost ~90 characters nobody sees: the text shown is what must stay short.
    assert.ok(markdown.length < 1100, `compact: ${markdown.length} characters`);
    const shown = md.render(markdown).replace(/<[^>]+>/g, '');
    assert.ok(shown.length < 450, `compact: ${shown.length} characters shown`);
  });

  it('shows the markup segment as text: every field, nothing rendered, only our links', () => {
    const segment = fixture(MARKUP_SEGMENT_ID);
    const markdown = hoverCardMarkdown({ kind: 'found', details: segment }, context);
    const { links, tokens } = inspect(markdown);
    assert.deepEqual(links.map((link) => link.command), ['braze.openSegment', 'braze.copySegmentId', 'braze.openDashboard', 'braze.copySegmentName', 'braze.copySegmentMarkdownLink', 'braze.revealSegment']);
    const heading = tokens[tokens.findIndex((t) => t.type === 'heading_open') + 1];
    assert.equal(md.renderInline(heading.content), htmlText(segment.name!.trim()));
    const rendered = md.render(markdown);
    for (const literal of ['&lt;script&gt;', '[click](https://evil.example)', '`code`', '**bold**', '# Heading', '![pixel]', '&amp;lt;escaped&amp;gt;', '$(alert)', '| a | b |']) {
      assert.ok(rendered.includes(htmlText(literal).replace(/&amp;amp;/g, '&amp;amp;')) || rendered.includes(literal), `shows ${literal} literally`);
    }
    assert.doesNotMatch(rendered, /<(script|img|iframe|b|i|code|strong|table|h1)\b/, 'no element from Braze text');
  });

  it('shortens long descriptions at a word boundary and lists at most a few tags', () => {
    const long = hoverCardMarkdown({ kind: 'found', details: fixture(LONG_DESCRIPTION_SEGMENT_ID) }, context);
    inspect(long);
    assert.ok(long.length < 1300, `${long.length}`);
    assert.match(long, /…/);
    const many = hoverCardMarkdown({ kind: 'found', details: fixture(MANY_TAGS_SEGMENT_ID) }, context);
    assert.match(many, new RegExp(`\\+${30 - CARD_LIMITS.listItems} more`));
  });

  it('handles a segment with nothing but an id', () => {
    const markdown = hoverCardMarkdown({ kind: 'found', details: { id: KNOWN_SEGMENT_ID, tags: [], teams: [] } }, { ...context, hasDashboard: false });
    const { links } = inspect(markdown);
    assert.match(markdown, /^#### \*Unnamed segment\*/);
    assert.deepEqual(links.map((link) => link.text), ['Open details', 'Copy id', 'Copy Markdown link', 'Reveal in Segments view'], 'no dashboard link without a dashboard, no name to copy without a name');
  });

  it('marks a stale entry with its age', () => {
    const stale = { fetchedAt: NOW - 12 * 60_000, refreshing: true };
    assert.match(hoverCardMarkdown({ kind: 'found', details: fixture(KNOWN_SEGMENT_ID), stale }, context), /cached 12 minutes ago · refreshing\*/);
    assert.doesNotMatch(hoverCardMarkdown({ kind: 'found', details: fixture(KNOWN_SEGMENT_ID), stale: { ...stale, refreshing: false } }, context), /refreshing/);
  });

  it('names a listed segment before its details arrive', () => {
    const markdown = hoverCardMarkdown({ kind: 'named', id: KNOWN_SEGMENT_ID, name: '<b>Listed</b>', tags: ['vip'] }, context);
    inspect(markdown);
    assert.match(markdown, /^#### \\<b\\>Listed\\<\\\/b\\>/);
    assert.match(markdown, /Tags: vip/);
  });

  const states: Array<[string, HoverCardState, RegExp]> = [
    ['not found', { kind: 'not-found', id: KNOWN_SEGMENT_ID }, /^No segment with this id in US\\-03\./],
    ['no key', { kind: 'setup', id: KNOWN_SEGMENT_ID, need: 'key' }, /^\[Set your API key\]\(command:braze\.setApiKey\) for US\\-03 to see this segment\.$/],
    ['no key (as an error)', { kind: 'error', id: KNOWN_SEGMENT_ID, error: new BrazeError('no-key', 'x') }, /^\[Set your API key\]\(command:braze\.setApiKey\)/],
    ['no endpoint', { kind: 'error', id: KNOWN_SEGMENT_ID, error: new BrazeError('no-endpoint', 'x') }, /^\[Select your Braze instance\]\(command:braze\.selectEndpoint\) to see this segment\.$/],
    ['a server error, with Retry', { kind: 'error', id: KNOWN_SEGMENT_ID, error: new BrazeError('server', 'x', { status: 502 }) }, /^⚠ Braze had a server error \\\(502\\\)[^]*\[Retry\]\(command:braze\.retrySegment\?/],
    ['rate limited', { kind: 'error', id: KNOWN_SEGMENT_ID, error: new BrazeError('rate-limited', 'x', { resetAt: new Date(2026, 0, 1, 14, 5) }) }, /^⚠ Braze rate limit reached\\; details again after 14\\:05\\\./],
    ['missing permission', { kind: 'error', id: KNOWN_SEGMENT_ID, error: new BrazeError('missing-permission', 'x', { permission: 'segments.details' }) }, /segments\\\.details permission[\s\S]*\[Set API key\]/],
    ['rejected key', { kind: 'error', id: KNOWN_SEGMENT_ID, error: new BrazeError('invalid-key', 'x', { status: 401 }) }, /Braze rejected this key for US\\-03/],
    ['offline', { kind: 'error', id: KNOWN_SEGMENT_ID, error: new BrazeError('network', 'Could not reach x: the connection was refused.') }, /^⚠ Could not reach x\\: the connection was refused\\. Check your connection or the REST endpoint\\.\n/],
    // Braze's own message is untrusted: the card says what happened in our words and points to the log.
    ['a server message with markup', { kind: 'error', id: KNOWN_SEGMENT_ID, error: new BrazeError('bad-request', 'x', { status: 400, serverMessage: '[run](command:workbench.action.quit) <img src=x>' }) }, /^⚠ Braze refused the request \\\(400\\\)\\\. The Braze log has Braze\\'s own message\\\.[^]*\[Show log\]\(command:braze\.showLog\)/],
  ];
  for (const [name, state, expected] of states) {
    it(`words ${name}`, () => {
      const markdown = hoverCardMarkdown(state, context);
      inspect(markdown);
      assert.match(markdown, expected);
    });
  }

  it('encodes link arguments so no id can break out of the link', () => {
    const markdown = hoverCardMarkdown({ kind: 'found', details: { id: 'a)b](command:x)"', tags: [], teams: [] } }, context);
    const { links } = inspect(markdown);
    assert.deepEqual(links[0].args, ['a)b](command:x)"']);
  });
});
