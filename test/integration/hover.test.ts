// The hover on segment ids, through VS Code's own hover command in the real extension host.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { KEYS, KNOWN_SEGMENT_ID, MANY_TAGS_SEGMENT_ID, MARKUP_SEGMENT_ID, UNKNOWN_SEGMENT_ID } from '../server/fixtures';
import { closeAllEditors, setKey, useBrazeServer, waitFor, workspace } from './helpers';

/** Every hover's Markdown at `needle` in a new document of `language`, as VS Code collects them. */
async function hoverAt(language: string, content: string, needle: string): Promise<vscode.MarkdownString[]> {
  const document = await vscode.workspace.openTextDocument({ language, content });
  const offset = content.indexOf(needle);
  assert.ok(offset >= 0, `${needle} not in the document`);
  const position = document.positionAt(offset + 5);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
  return hovers.flatMap((hover) => hover.contents).filter((c): c is vscode.MarkdownString => c instanceof vscode.MarkdownString);
}

/** The card text with Markdown escapes removed, as a reader sees it. */
const plain = (parts: vscode.MarkdownString[]) => parts.map((part) => part.value.replace(/\\(.)/g, '$1')).join('\n');

describe('Segment hover', () => {
  const ctx = useBrazeServer();

  before(async () => {
    assert.equal(await setKey(KEYS.all), 'saved');
    await waitFor('the key in use', async () => (await ctx.api.keys.get(ctx.server.url)) === KEYS.all);
  });
  beforeEach(() => {
    workspace(ctx).service.clear();
    ctx.server.resetRecords();
  });
  after(closeAllEditors);

  const documents: Array<[string, string]> = [
    ['typescript', `const winback = '${KNOWN_SEGMENT_ID}';`],
    ['python', `WINBACK = "${KNOWN_SEGMENT_ID}"  # audience`],
    ['json', `{ "audience": "${KNOWN_SEGMENT_ID}" }`],
    ['yaml', `audience: ${KNOWN_SEGMENT_ID}\n`],
    ['sql', `SELECT * FROM sends WHERE audience = '${KNOWN_SEGMENT_ID}';`],
    ['markdown', `The [winback](https://x.invalid/?segment_id=${KNOWN_SEGMENT_ID}) audience.`],
    ['plaintext', `${KNOWN_SEGMENT_ID}`],
  ];
  for (const [language, content] of documents) {
    it(`shows the card in ${language}`, async () => {
      const text = plain(await hoverAt(language, content, KNOWN_SEGMENT_ID));
      assert.match(text, /Lapsed buyers \(EU\)/);
      assert.match(text, /winback/);
    });
  }

  it('trusts only its own command links', async () => {
    const [card] = await hoverAt('typescript', `const a = '${KNOWN_SEGMENT_ID}';`, KNOWN_SEGMENT_ID);
    assert.ok(card, 'no card');
    const trusted = card.isTrusted;
    assert.ok(typeof trusted === 'object' && trusted.enabledCommands.every((id) => id.startsWith('braze.')), JSON.stringify(trusted));
    assert.ok(!card.supportHtml);
    const links = [...card.value.matchAll(/\]\(([^)]*)\)/g)].map((m) => m[1]);
    assert.ok(links.length > 0 && links.every((href) => href.startsWith('command:braze.')), JSON.stringify(links));
  });

  it('shows a markup name as text', async () => {
    const [card] = await hoverAt('typescript', `const a = '${MARKUP_SEGMENT_ID}';`, MARKUP_SEGMENT_ID);
    assert.ok(card, 'no card');
    assert.ok(!/(^|[^\\])<(img|script)/.test(card.value), `raw HTML from Braze reached the Markdown: ${card.value}`);
    assert.match(plain([card]), /<img src=x onerror="alert\(1\)">/);
    assert.ok(!card.value.includes('](https://evil'), 'a Braze link survived');
  });

  it('stays quiet on an unrelated UUID, and asks Braze only once', async () => {
    const content = `const x = '${UNKNOWN_SEGMENT_ID}';`;
    assert.equal(plain(await hoverAt('typescript', content, UNKNOWN_SEGMENT_ID)), '');
    assert.equal(plain(await hoverAt('typescript', content, UNKNOWN_SEGMENT_ID)), '');
    assert.equal(ctx.server.requestCount('/segments/details', UNKNOWN_SEGMENT_ID), 1, 'the negative answer is cached');
  });

  it('never sends an id its own line calls something else, whatever the lines around it say', async () => {
    ctx.server.resetRecords();
    const content = ['// segments of the spring campaign', `const requestId = '${KNOWN_SEGMENT_ID}';`, `const BRAZE_API_KEY = '${MANY_TAGS_SEGMENT_ID}'; // segment`].join('\n');
    assert.equal(plain(await hoverAt('typescript', content, KNOWN_SEGMENT_ID)), '');
    assert.equal(plain(await hoverAt('typescript', content, MANY_TAGS_SEGMENT_ID)), '');
    assert.equal(ctx.server.requests.length, 0, 'a request id or a key went to Braze');
  });

  it('says "no segment" where the code talks about segments', async () => {
    const text = plain(await hoverAt('python', `segment_id = "${UNKNOWN_SEGMENT_ID}"`, UNKNOWN_SEGMENT_ID));
    assert.match(text, /No segment with this id in 127\.0\.0\.1:\d+/);
  });

  it('answers a second hover from the cache', async () => {
    const content = `const a = '${KNOWN_SEGMENT_ID}';`;
    await hoverAt('typescript', content, KNOWN_SEGMENT_ID);
    await hoverAt('typescript', content, KNOWN_SEGMENT_ID);
    assert.equal(ctx.server.requestCount('/segments/details', KNOWN_SEGMENT_ID), 1);
  });

  it('without a key: offers to set one in a segment context, silent elsewhere, and sends nothing', async () => {
    await vscode.commands.executeCommand('braze.clearApiKey', undefined, { confirmed: true });
    await waitFor('the key removed', async () => (await ctx.api.keys.get(ctx.server.url)) === undefined);
    try {
      const text = plain(await hoverAt('typescript', `const segmentId = '${KNOWN_SEGMENT_ID}';`, KNOWN_SEGMENT_ID));
      assert.match(text, /Set your API key/);
      assert.equal(plain(await hoverAt('typescript', `const x = '${KNOWN_SEGMENT_ID}';`, KNOWN_SEGMENT_ID)), '');
      assert.equal(ctx.server.requests.length, 0);
    } finally {
      assert.equal(await setKey(KEYS.all), 'saved');
    }
  });
});
