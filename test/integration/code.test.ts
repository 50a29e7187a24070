// Segments in your code, in the real extension host, against the Braze test server: names beside ids
// (inlay hints), completion by name, Find All References and document highlights. Through VS Code's
// own commands (`vscode.executeInlayHintProvider`, …), so what is tested is what the editor gets.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { BrazeSegmentsApi } from '../../src/extension';
import { SegmentInlineNames } from '../../src/ui/code/inlineNames';
import { DocumentScans } from '../../src/ui/code/documentScans';
import {
  FIXTURE_SEGMENTS,
  KEYS,
  KNOWN_SEGMENT_ID,
  MANY_TAGS_SEGMENT_ID,
  MARKUP_SEGMENT_ID,
  STAGING_KEYS,
  STAGING_SEGMENT_ID,
  UNKNOWN_SEGMENT_ID,
} from '../server/fixtures';
import { closeAllEditors, setKey, useBrazeServer, waitFor, workspace } from './helpers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A segment whose name carries direction and invisible characters and a line break. */
const HOSTILE_SEGMENT_ID = '6b1e2c3d-4f5a-4b6c-8d7e-9f0a1b2c3d4e';

async function open(language: string, content: string): Promise<vscode.TextDocument> {
  return vscode.workspace.openTextDocument({ language, content });
}

function wholeRange(document: vscode.TextDocument): vscode.Range {
  return new vscode.Range(0, 0, document.lineCount, 0);
}

/**
 * Our inline names as [line, character, label, command arguments]. What the editor gets comes through
 * `vscode.executeInlayHintProvider` (position, label, padding); that command drops label parts'
 * commands on the way back, so each hint's command is read from our provider at the same position.
 */
async function inlineNames(document: vscode.TextDocument, range = wholeRange(document)): Promise<Array<[number, number, string, unknown]>> {
  const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', document.uri, range);
  const ours = activeApi().inlineNames.provideInlayHints(document, range, new vscode.CancellationTokenSource().token);
  return hints.flatMap((hint) => {
    if (typeof hint.label === 'string') return [];
    const [part] = hint.label;
    const own = ours.find((candidate) => candidate.position.isEqual(hint.position));
    const command = own && typeof own.label !== 'string' ? own.label[0]?.command : undefined;
    if (command?.command !== 'braze.openSegment') return [];
    assert.equal(hint.paddingLeft, true, 'a name stands apart from its id');
    assert.ok(hint.kind === undefined || hint.kind === vscode.InlayHintKind.Type, `kind ${hint.kind}`);
    return [[hint.position.line, hint.position.character, part.value, command.arguments] as [number, number, string, unknown]];
  });
}

/** The position just after the first `needle` of the document. */
function endOf(document: vscode.TextDocument, needle: string, nth = 0): vscode.Position {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = document.getText().indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `${needle} not in the document`);
  return document.positionAt(offset + needle.length);
}

/** Our completion items (those inserting a segment id) at the `|` of `content`. */
async function complete(language: string, content: string, trigger?: string, resolve = 0): Promise<{ document: vscode.TextDocument; items: vscode.CompletionItem[]; list: vscode.CompletionList }> {
  const offset = content.indexOf('|');
  assert.ok(offset >= 0, 'no cursor');
  const document = await open(language, content.replace('|', ''));
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, document.positionAt(offset), trigger, resolve);
  const items = list.items.filter((item) => typeof item.insertText === 'string' && UUID.test(item.insertText));
  return { document, items, list };
}

const labelOf = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);

/** The extension's test handles, set once the suite's server is up. */
const handles: { api?: BrazeSegmentsApi } = {};
function activeApi(): BrazeSegmentsApi {
  assert.ok(handles.api, 'the extension is not active');
  return handles.api;
}

describe('Segments in your code', () => {
  const ctx = useBrazeServer();
  before(() => (handles.api = ctx.api));
  const folder = () => vscode.workspace.workspaceFolders![0].uri;
  const refsDir = () => vscode.Uri.joinPath(folder(), 'code-refs');

  before(async () => {
    ctx.server.setSegments([...FIXTURE_SEGMENTS, { id: HOSTILE_SEGMENT_ID, name: 'Lapsed\u202e buyers\u200b\n(evil)\u2066', tags: ['x'] }]);
    assert.equal(await setKey(KEYS.all), 'saved');
    await waitFor('the key in use', async () => (await ctx.api.keys.get(ctx.server.url)) === KEYS.all);
    await vscode.commands.executeCommand('braze.refreshSegments');
    assert.ok(workspace(ctx).service.summary(KNOWN_SEGMENT_ID), 'the list does not name the known id');
  });
  after(async () => {
    ctx.server.setSegments(FIXTURE_SEGMENTS);
    await vscode.workspace.fs.delete(refsDir(), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    await vscode.workspace.getConfiguration('braze').update('inlineNames.enabled', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
  });

  describe('names beside ids', () => {
    it('shows the name after each listed id, never on an id its own line calls something else, and sends nothing', async () => {
      ctx.server.resetRecords();
      const document = await open(
        'python',
        [
          `segment_id = "${KNOWN_SEGMENT_ID}"`,
          `request_id = "${MANY_TAGS_SEGMENT_ID}"`,
          `BRAZE_API_KEY = "${MARKUP_SEGMENT_ID}"`,
          `other = "${UNKNOWN_SEGMENT_ID}"`,
          `WINBACK = ["${KNOWN_SEGMENT_ID}", "${MANY_TAGS_SEGMENT_ID}"]`,
        ].join('\n'),
      );
      assert.deepEqual(await inlineNames(document), [
        [0, 14 + 36, 'Lapsed buyers (EU)', [KNOWN_SEGMENT_ID, workspace(ctx).name]],
        [4, 12 + 36, 'Lapsed buyers (EU)', [KNOWN_SEGMENT_ID, workspace(ctx).name]],
        [4, 52 + 36, 'Everything bucket (30 tags)', [MANY_TAGS_SEGMENT_ID, workspace(ctx).name]],
      ]);
      assert.equal(ctx.server.requests.length, 0, 'decorating sent a request');
    });

    it('in every language of the hover', async () => {
      const documents: Array<[string, string]> = [
        ['typescript', `const winback = '${KNOWN_SEGMENT_ID}';`],
        ['json', `{ "audience": "${KNOWN_SEGMENT_ID}" }`],
        ['yaml', `segments:\n  - ${KNOWN_SEGMENT_ID}\n`],
        ['sql', `SELECT * FROM sends WHERE segment_id = '${KNOWN_SEGMENT_ID}';`],
        ['markdown', `The [winback](https://x.invalid/?segment_id=${KNOWN_SEGMENT_ID}) audience.`],
        ['plaintext', KNOWN_SEGMENT_ID],
      ];
      for (const [language, content] of documents) {
        const names = await inlineNames(await open(language, content));
        assert.deepEqual(names.map(([, , label]) => label), ['Lapsed buyers (EU)'], language);
      }
    });

    it('gives only the hints of the requested range', async () => {
      const document = await open('plaintext', [`a ${KNOWN_SEGMENT_ID}`, 'filler', `b ${MANY_TAGS_SEGMENT_ID}`].join('\n'));
      assert.deepEqual((await inlineNames(document, new vscode.Range(2, 0, 3, 0))).map(([line]) => line), [2]);
    });

    it('shows an untrusted name as plain text on one line, without direction or invisible characters', async () => {
      const [[, , label]] = await inlineNames(await open('plaintext', `segment: ${HOSTILE_SEGMENT_ID}`));
      assert.equal(label, 'Lapsed buyers (evil)');
      const [[, , markup]] = await inlineNames(await open('plaintext', `segment: ${MARKUP_SEGMENT_ID}`));
      assert.ok(markup.length <= 40, markup);
      assert.ok(markup.startsWith('<img src=x'), 'shown as the text it is');
    });

    it('follows a rename in Braze once the list is read again', async () => {
      const document = await open('plaintext', `segment: ${KNOWN_SEGMENT_ID}`);
      ctx.server.setSegments([...FIXTURE_SEGMENTS.map((s) => (s.id === KNOWN_SEGMENT_ID ? { ...s, name: 'Lapsed buyers (Europe)' } : s))]);
      try {
        // Cached details would name it first: the list alone speaks here.
        workspace(ctx).service.clear();
        await vscode.commands.executeCommand('braze.refreshSegments');
        assert.deepEqual((await inlineNames(document)).map(([, , label]) => label), ['Lapsed buyers (Europe)']);
      } finally {
        ctx.server.setSegments([...FIXTURE_SEGMENTS, { id: HOSTILE_SEGMENT_ID, name: 'Lapsed\u202e buyers\u200b\n(evil)\u2066', tags: ['x'] }]);
        workspace(ctx).service.clear();
        await vscode.commands.executeCommand('braze.refreshSegments');
      }
    });

    it('stays away from ids no list or cache knows, without asking Braze', async () => {
      ctx.server.resetRecords();
      assert.deepEqual(await inlineNames(await open('plaintext', `segment_id: ${UNKNOWN_SEGMENT_ID}`)), []);
      assert.equal(ctx.server.requests.length, 0);
    });

    it('respects braze.inlineNames.enabled', async () => {
      const document = await open('plaintext', `segment: ${KNOWN_SEGMENT_ID}`);
      await vscode.workspace.getConfiguration('braze').update('inlineNames.enabled', false, vscode.ConfigurationTarget.Global);
      try {
        await waitFor('no names while disabled', async () => (await inlineNames(document)).length === 0);
      } finally {
        await vscode.workspace.getConfiguration('braze').update('inlineNames.enabled', undefined, vscode.ConfigurationTarget.Global);
      }
      await waitFor('names again', async () => (await inlineNames(document)).length === 1);
    });

    it('asks the editor to redraw when the setting or what the workspaces know changes, once per burst', async () => {
      const scans = new DocumentScans();
      const provider = new SegmentInlineNames(ctx.api.workspaces, ctx.api.settings, scans);
      let redraws = 0;
      const subscription = provider.onDidChangeInlayHints(() => redraws++);
      try {
        await vscode.workspace.getConfiguration('braze').update('inlineNames.enabled', false, vscode.ConfigurationTarget.Global);
        await vscode.workspace.getConfiguration('braze').update('inlineNames.enabled', undefined, vscode.ConfigurationTarget.Global);
        await waitFor('a redraw for the setting', () => redraws > 0);
        await new Promise((resolve) => setTimeout(resolve, 300));
        redraws = 0;
        // Dropping the cache and reading the list again: many changes, few redraws.
        workspace(ctx).service.clear();
        await vscode.commands.executeCommand('braze.refreshSegments');
        await waitFor('a redraw for the segments', () => redraws > 0);
        const document = await open('plaintext', `segment: ${KNOWN_SEGMENT_ID}`);
        assert.equal(provider.provideInlayHints(document, wholeRange(document), new vscode.CancellationTokenSource().token)[0]?.part.value, 'Lapsed buyers (EU)');
      } finally {
        subscription.dispose();
        provider.dispose();
        scans.dispose();
      }
    });

    it("resolves the hint's tooltip to the hover's card, trusting only our own commands", async () => {
      // VS Code's command does not resolve hints; the provider is asked directly, as the editor would on hover.
      const scans = new DocumentScans();
      const provider = new SegmentInlineNames(ctx.api.workspaces, ctx.api.settings, scans);
      try {
        const document = await open('plaintext', `segment_id: ${KNOWN_SEGMENT_ID}`);
        const source = new vscode.CancellationTokenSource();
        const [hint] = provider.provideInlayHints(document, wholeRange(document), source.token);
        assert.ok(hint, 'no hint');
        assert.equal(hint.part.tooltip, undefined, 'the card is built when the hint is resolved, not for every id');
        const resolved = await provider.resolveInlayHint(hint, source.token);
        const tooltip = resolved.part.tooltip;
        assert.ok(tooltip instanceof vscode.MarkdownString, 'no card');
        assert.match(tooltip.value.replace(/\\(.)/g, '$1'), /Lapsed buyers \(EU\)/);
        const trusted = tooltip.isTrusted;
        assert.ok(typeof trusted === 'object' && trusted.enabledCommands.every((id) => id.startsWith('braze.')), JSON.stringify(trusted));
        assert.ok(!tooltip.supportHtml);
      } finally {
        provider.dispose();
        scans.dispose();
      }
    });
  });

  describe('completion by name', () => {
    it('offers every listed segment after a quote in a segment context, inserting the id', async () => {
      const { items } = await complete('python', 'segment_id = "|', '"', 1_000);
      const known = items.find((item) => item.insertText === KNOWN_SEGMENT_ID);
      assert.ok(known, `no item for the known segment: ${JSON.stringify(items.map(labelOf))}`);
      assert.equal(labelOf(known), 'Lapsed buyers (EU)');
      assert.match(known.detail ?? '', /winback, eu/);
      assert.match(known.filterText ?? '', /Lapsed buyers \(EU\) winback eu 3bbc4555/);
      assert.ok(items.length >= FIXTURE_SEGMENTS.length, `${items.length} items`);
      const resolved = items.filter((item) => item.documentation instanceof vscode.MarkdownString);
      assert.ok(resolved.length > 0, 'no item was resolved to its card');
      for (const item of resolved) {
        const card = item.documentation as vscode.MarkdownString;
        assert.ok(typeof card.isTrusted === 'object' && card.isTrusted.enabledCommands.every((id) => id.startsWith('braze.')));
        assert.ok(!/(^|[^\\])<(img|script)/.test(card.value), `raw HTML from Braze in a card: ${card.value}`);
      }
    });

    it('replaces what was typed since the quote', async () => {
      const { document, items } = await complete('python', 'SEGMENT = "Lapsed bu|"');
      const known = items.find((item) => item.insertText === KNOWN_SEGMENT_ID);
      assert.ok(known);
      const range = known.range as { inserting: vscode.Range; replacing: vscode.Range };
      assert.equal(document.getText(range.inserting), 'Lapsed bu');
      assert.equal(document.getText(range.replacing), 'Lapsed bu');
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, range.replacing, KNOWN_SEGMENT_ID);
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.equal(document.lineAt(0).text, `SEGMENT = "${KNOWN_SEGMENT_ID}"`);
    });

    it('in the languages ids are written in', async () => {
      const cases: Array<[string, string, string]> = [
        ['json', '{ "segment_id": "|" }', '"'],
        ['yaml', 'segments:\n  - "|"', '"'],
        ['yaml', 'segments:\n  - Lap|', ''],
        ['sql', "SELECT * FROM sends WHERE segment_id = '|';", "'"],
        ['markdown', 'Send to `segment_id` `|`', '`'],
        ['typescript', 'fetch(`/segments/details?segment_id=|`)', '`'],
      ];
      for (const [language, content, trigger] of cases) {
        const { items } = await complete(language, content, trigger || undefined);
        assert.ok(items.some((item) => item.insertText === KNOWN_SEGMENT_ID), `${language}: ${content}`);
      }
    });

    it('pops up nothing on a quote where the code says nothing of segments, but Ctrl+Space offers them in any string', async () => {
      assert.deepEqual((await complete('python', 'greeting = "|', '"')).items, []);
      assert.deepEqual((await complete('python', 'campaign_id = "|', '"')).items, []);
      assert.ok((await complete('python', 'greeting = "|')).items.some((item) => item.insertText === KNOWN_SEGMENT_ID), 'Ctrl+Space in a string');
      assert.deepEqual((await complete('python', 'segment_id = |')).items, [], 'outside a string');
    });

    it('loads a list not read yet when asked in a segment context, and only then', async () => {
      const { catalog } = workspace(ctx);
      catalog.clear();
      ctx.server.resetRecords();
      assert.deepEqual((await complete('python', 'greeting = "|', '"')).items, []);
      assert.equal(ctx.server.requestCount('/segments/list'), 0, 'a quote outside a segment context loaded the list');
      const { items } = await complete('python', 'segment_id = "|', '"');
      assert.ok(ctx.server.requestCount('/segments/list') >= 1, 'no list request');
      // The first answer waits for the first rows; VS Code asks again while the list is incomplete.
      const all = await waitFor('the loaded list offered', async () => {
        const next = items.length ? items : (await complete('python', 'segment_id = "|', '"')).items;
        return next.some((item) => item.insertText === KNOWN_SEGMENT_ID) ? next : undefined;
      });
      assert.ok(all.length >= FIXTURE_SEGMENTS.length);
      await waitFor('the list loaded', () => catalog.state.complete);
    });
  });

  describe('references and highlights', () => {
    it('finds every occurrence in the workspace, and the open document from its live text', async () => {
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(refsDir(), 'sync.py'), new TextEncoder().encode(`segment_id = "${KNOWN_SEGMENT_ID}"\n`));
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(refsDir(), 'audiences.yaml'), new TextEncoder().encode(`segments:\n  - ${KNOWN_SEGMENT_ID}\n  - ${MANY_TAGS_SEGMENT_ID}\n`));
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(refsDir(), 'campaign.ts'), new TextEncoder().encode(`export const campaign_id = '${KNOWN_SEGMENT_ID}';\n`));
      const document = await open('plaintext', [`first ${KNOWN_SEGMENT_ID}`, `segment: ${KNOWN_SEGMENT_ID}`, `request_id: ${KNOWN_SEGMENT_ID}`].join('\n'));
      const position = endOf(document, 'first ');
      const where = (locations: vscode.Location[]) => locations.map((l) => `${vscode.workspace.asRelativePath(l.uri)}:${l.range.start.line}:${l.range.start.character}`).sort();
      const found = await waitFor('the new files indexed', async () => {
        const locations = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', document.uri, position);
        const seen = where(locations);
        return seen.some((s) => s.startsWith('code-refs/sync.py')) && seen.some((s) => s.startsWith('code-refs/audiences.yaml')) ? seen : undefined;
      }, 20_000);
      const own = vscode.workspace.asRelativePath(document.uri);
      for (const expected of [`${own}:0:6`, `${own}:1:9`, 'code-refs/sync.py:0:14', 'code-refs/audiences.yaml:1:4', 'segments.ts:0:26']) assert.ok(found.includes(expected), `${expected} not in ${JSON.stringify(found)}`);
      assert.ok(!found.includes(`${own}:2:12`), 'an id its own line calls a request id');
      assert.ok(!found.some((s) => s.startsWith('code-refs/campaign.ts')), 'a campaign id');
    });

    it('reads an edited, unsaved file from its live text', async () => {
      const uri = vscode.Uri.joinPath(refsDir(), 'sync.py');
      const document = await vscode.workspace.openTextDocument(uri);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, new vscode.Position(0, 0), `# segment ${KNOWN_SEGMENT_ID}\n`);
      assert.ok(await vscode.workspace.applyEdit(edit));
      const locations = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', uri, endOf(document, '# segment '));
      const lines = locations.filter((l) => l.uri.toString() === uri.toString()).map((l) => l.range.start.line).sort();
      assert.deepEqual(lines, [0, 1]);
      const undo = new vscode.WorkspaceEdit();
      undo.delete(uri, new vscode.Range(0, 0, 1, 0));
      assert.ok(await vscode.workspace.applyEdit(undo));
      assert.ok(await document.save());
    });

    it('highlights the same id through the file', async () => {
      const document = await open('plaintext', [`a ${KNOWN_SEGMENT_ID}`, `b ${MANY_TAGS_SEGMENT_ID}`, `segment ${KNOWN_SEGMENT_ID}`, `trace_id ${KNOWN_SEGMENT_ID}`].join('\n'));
      const highlights = await vscode.commands.executeCommand<vscode.DocumentHighlight[]>('vscode.executeDocumentHighlights', document.uri, endOf(document, 'a '));
      const whole = highlights.filter((h) => h.range.end.character - h.range.start.character === 36);
      assert.deepEqual(
        whole.map((h) => [h.range.start.line, h.range.start.character, h.kind]),
        [
          [0, 2, vscode.DocumentHighlightKind.Text],
          [2, 8, vscode.DocumentHighlightKind.Text],
        ],
      );
    });
  });

  describe('with several workspaces', () => {
    before(async () => {
      const result = await vscode.commands.executeCommand<{ key: string }>('braze.addWorkspace', 'Staging', ctx.server.url, STAGING_KEYS.all);
      assert.equal(result?.key, 'saved');
      await waitFor('two workspaces', () => ctx.api.workspaces.all.length === 2);
      await vscode.commands.executeCommand('braze.refreshSegments');
      assert.ok(ctx.api.workspaces.get('Staging')?.service.summary(STAGING_SEGMENT_ID), "Staging's list does not name its id");
    });
    after(async () => {
      await vscode.commands.executeCommand('braze.removeWorkspace', 'Staging', { confirmed: true });
    });

    it("names the workspace of a segment that is not the folder's, and opens it there", async () => {
      const production = ctx.api.workspaces.all[0].name;
      const document = await open('plaintext', [`segment ${KNOWN_SEGMENT_ID}`, `segment ${STAGING_SEGMENT_ID}`].join('\n'));
      assert.deepEqual(
        (await inlineNames(document)).map(([line, , label, args]) => [line, label, args]),
        [
          [0, 'Lapsed buyers (EU)', [KNOWN_SEGMENT_ID, production]],
          [1, 'Staging: QA testers · Staging', [STAGING_SEGMENT_ID, 'Staging']],
        ],
      );
    });

    it('offers the segments of every workspace, saying which', async () => {
      const { items } = await complete('python', 'segment_id = "|', '"');
      const staging = items.find((item) => item.insertText === STAGING_SEGMENT_ID);
      const known = items.find((item) => item.insertText === KNOWN_SEGMENT_ID);
      assert.match(staging?.detail ?? '', /^Staging · test, qa/);
      assert.ok(known?.detail?.startsWith(`${ctx.api.workspaces.all[0].name} · `), known?.detail);
    });
  });
});
