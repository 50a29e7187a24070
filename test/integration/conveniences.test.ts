// The conveniences of issue 14: copy a segment's name or a Markdown link to it, reveal it in the
// Segments view (from a tree row, a hover link or the panel), and the status item's accessible label.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SegmentNode } from '../../src/ui/tree/segmentTreeData';
import { FIXTURE_SEGMENTS, generateWorkspace, KEYS, KNOWN_SEGMENT_ID, MARKUP_SEGMENT_ID, NULLS_SEGMENT_ID } from '../server/fixtures';
import { closeAllEditors, setKey, useBrazeServer, waitFor, workspace } from './helpers';

describe('Conveniences: copy name, copy Markdown link, reveal in the Segments view', () => {
  const ctx = useBrazeServer();
  const roots = () => ctx.api.segmentsTree.tree.getChildren();
  const rowOf = (id: string) => roots().find((node): node is Extract<SegmentNode, { kind: 'segment' }> => node.kind === 'segment' && node.segment.id === id);

  before(async () => {
    assert.equal(await setKey(KEYS.all), 'saved');
    await vscode.commands.executeCommand('workbench.view.extension.braze');
    await vscode.commands.executeCommand('braze.refreshSegments');
    await waitFor('the known segment listed', () => rowOf(KNOWN_SEGMENT_ID));
  });
  afterEach(async () => {
    ctx.api.segmentsTree.setFilter(undefined);
    await closeAllEditors();
  });
  // The Braze views left open would check the whole folder for problems in the files after this one.
  after(() => vscode.commands.executeCommand('workbench.view.explorer'));

  it('Copy Segment Name from a tree row copies the name, without a request', async () => {
    ctx.server.resetRecords();
    await vscode.env.clipboard.writeText('something else');
    assert.equal(await vscode.commands.executeCommand('braze.copySegmentName', rowOf(KNOWN_SEGMENT_ID)), 'Lapsed buyers (EU)');
    assert.equal(await vscode.env.clipboard.readText(), 'Lapsed buyers (EU)');
    assert.equal(ctx.server.requestCount('/segments/details', KNOWN_SEGMENT_ID), 0, 'the list knew the name');
  });

  it('copies Braze’s name as it is (the clipboard renders nothing), and nothing for a segment without one', async () => {
    const markup = FIXTURE_SEGMENTS.find((segment) => segment.id === MARKUP_SEGMENT_ID)!.name!;
    await vscode.commands.executeCommand('braze.copySegmentName', MARKUP_SEGMENT_ID);
    assert.equal(await vscode.env.clipboard.readText(), markup);
    await vscode.env.clipboard.writeText('kept');
    assert.equal(await vscode.commands.executeCommand('braze.copySegmentName', NULLS_SEGMENT_ID), undefined);
    assert.equal(await vscode.env.clipboard.readText(), 'kept');
  });

  it('Copy Markdown Link to Segment: the escaped name and the id in code (a local server has no dashboard to link)', async () => {
    const copied = await vscode.commands.executeCommand<string>('braze.copySegmentMarkdownLink', KNOWN_SEGMENT_ID, workspace(ctx).name);
    assert.equal(copied, `Lapsed buyers (EU) (\`${KNOWN_SEGMENT_ID}\`)`);
    assert.equal(await vscode.env.clipboard.readText(), copied);
    const markup = await vscode.commands.executeCommand<string>('braze.copySegmentMarkdownLink', rowOf(MARKUP_SEGMENT_ID));
    // Braze's markup stays text: escaped, so it makes no HTML, link or formatting wherever it is pasted.
    for (const escaped of ['\\<script\\>', '\\[click\\]', '\\*\\*bold\\*\\*', '\\`code\\`']) assert.ok(markup.includes(escaped), `${escaped} in ${markup}`);
    assert.ok(markup.endsWith(` (\`${MARKUP_SEGMENT_ID}\`)`), markup);
  });

  it('Reveal in Segments View selects the segment’s row', async () => {
    assert.equal(await vscode.commands.executeCommand('braze.revealSegment', KNOWN_SEGMENT_ID), true);
    const selected = await waitFor('the row selected', () => ctx.api.segmentsTree.view.selection[0]);
    assert.ok(selected.kind === 'segment' && selected.segment.id === KNOWN_SEGMENT_ID);
  });

  it('says so when the filter hides the row, and reveals it once the filter is cleared', async () => {
    ctx.api.segmentsTree.setFilter('no segment is called this');
    assert.equal(await vscode.commands.executeCommand('braze.revealSegment', KNOWN_SEGMENT_ID), false);
    ctx.api.segmentsTree.setFilter(undefined);
    assert.equal(await vscode.commands.executeCommand('braze.revealSegment', KNOWN_SEGMENT_ID, workspace(ctx).name), true);
  });

  it('Reveal shows the view when it is hidden, and brings in a row past the first 500 of its list', async () => {
    const fixtures = ctx.server.segments;
    ctx.server.setSegments([...fixtures, ...generateWorkspace(900, 7)]);
    try {
      await vscode.commands.executeCommand('braze.refreshSegments');
      const state = workspace(ctx).catalog.state;
      assert.equal(state.segments.length, fixtures.length + 900);
      const drawn = new Set(roots().flatMap((node) => (node.kind === 'segment' ? [node.segment.id] : [])));
      assert.equal(drawn.size, 500);
      const far = state.segments[state.segments.length - 3];
      assert.ok(!drawn.has(far.id), 'the row is past the first 500');
      await vscode.commands.executeCommand('workbench.view.explorer');
      await waitFor('the Segments view hidden', () => !ctx.api.segmentsTree.view.visible);
      assert.equal(await vscode.commands.executeCommand('braze.revealSegment', far.id), true);
      assert.ok(ctx.api.segmentsTree.view.visible, 'the view is shown');
      const selected = await waitFor('the far row selected', () => ctx.api.segmentsTree.view.selection.find((node) => node.kind === 'segment' && node.segment.id === far.id));
      assert.ok(selected && roots().includes(selected), 'a row of the list, as getChildren gives it');
      // The list grew by pages of 500, as "Show more" clicks would: to its 1,000 first rows, so all of them.
      assert.equal(roots().filter((node) => node.kind === 'segment').length, state.segments.length);
    } finally {
      ctx.server.setSegments(fixtures);
      await vscode.commands.executeCommand('braze.refreshSegments');
    }
  });

  it('the panel’s buttons copy the name and the link and reveal the row, in the panel’s workspace', async () => {
    const { panel, loaded } = await ctx.api.panels.show(KNOWN_SEGMENT_ID, {});
    await loaded;
    await vscode.env.clipboard.writeText('something else');
    await panel.receive({ type: 'copyName' });
    assert.equal(await vscode.env.clipboard.readText(), 'Lapsed buyers (EU)');
    await panel.receive({ type: 'copyMarkdownLink' });
    assert.equal(await vscode.env.clipboard.readText(), `Lapsed buyers (EU) (\`${KNOWN_SEGMENT_ID}\`)`);
    await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
    await panel.receive({ type: 'reveal' });
    const selected = await waitFor('the row selected', () => ctx.api.segmentsTree.view.selection[0]);
    assert.ok(selected.kind === 'segment' && selected.segment.id === KNOWN_SEGMENT_ID);
  });

  it('the hover card links to the new commands, and trusts exactly its own', async function () {
    // The first hover of a window waits for the workbench's own hover providers to start.
    this.timeout(90_000);
    const document = await vscode.workspace.openTextDocument({ language: 'plaintext', content: `segment_id: ${KNOWN_SEGMENT_ID}` });
    const position = document.positionAt(document.getText().indexOf(KNOWN_SEGMENT_ID) + 5);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
    const card = hovers.flatMap((hover) => hover.contents).find((c): c is vscode.MarkdownString => c instanceof vscode.MarkdownString && c.value.includes('Lapsed'));
    assert.ok(card, 'a card');
    for (const command of ['braze.copySegmentName', 'braze.copySegmentMarkdownLink', 'braze.revealSegment']) {
      assert.match(card.value, new RegExp(`\\]\\(command:${command.replace('.', '\\.')}\\?`), command);
    }
    // The workbench sends back what the provider set: the trust travels with the card.
    const trusted = card.isTrusted;
    assert.ok(typeof trusted === 'object', `trusted for a list of commands: ${JSON.stringify(trusted)}`);
    for (const command of ['braze.copySegmentName', 'braze.copySegmentMarkdownLink', 'braze.revealSegment']) assert.ok(trusted.enabledCommands.includes(command), command);
  });

  it('the status item’s accessible label says the workspace, its key and what is left of the hour', async () => {
    await vscode.commands.executeCommand('braze.refreshSegments');
    const label = await waitFor('a label with the rate limit', () => (/requests left this hour/.test(ctx.api.statusBar.shown.label) ? ctx.api.statusBar.shown.label : undefined));
    assert.match(label, /^Braze: .+, key set, connected, [\d,]+ of [\d,]+ requests left this hour$/);
  });
});
