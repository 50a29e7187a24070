// The Segments view: its rows, welcome states, filter, grouping and the row actions.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SegmentNode } from '../../src/ui/tree/segmentTreeData';
import { KEYS, KNOWN_SEGMENT_ID, generateWorkspace } from '../server/fixtures';
import { closeAllEditors, setKey, useBrazeServer, waitFor, workspace } from './helpers';

const ids = (nodes: SegmentNode[]) =>
  nodes.map((node) => {
    switch (node.kind) {
      case 'segment':
        return node.segment.id;
      case 'group':
        return `#${node.tag}`;
      case 'notice':
        return `!${node.label}`;
      case 'workspace':
        return `@${node.workspace}`;
    }
  });

describe('Segments view', () => {
  const ctx = useBrazeServer();
  const roots = () => ctx.api.segmentsTree.tree.getChildren();

  before(async () => {
    ctx.server.setSegments([...ctx.server.segments, ...generateWorkspace(230)]);
    assert.equal(await setKey(KEYS.all), 'saved');
    await vscode.commands.executeCommand('workbench.view.extension.braze');
  });
  after(async () => {
    ctx.api.segmentsTree.setFilter(undefined);
    await closeAllEditors();
  });

  it('lists every segment in the server order, newest first', async () => {
    await vscode.commands.executeCommand('braze.refreshSegments');
    const expected: string[] = [];
    for (let page = 0; ; page++) {
      const response = await fetch(`${ctx.server.url}/segments/list?page=${page}&sort_direction=desc`, { headers: { authorization: `Bearer ${KEYS.all}` } });
      const body = (await response.json()) as { segments: Array<{ id: string }> };
      expected.push(...body.segments.map((segment) => segment.id));
      if (body.segments.length < 100) break;
    }
    assert.equal(expected.length, 242);
    assert.deepEqual(ids(roots()), expected);
    const item = ctx.api.segmentsTree.tree.getTreeItem(roots()[0]);
    assert.equal(item.contextValue, 'brazeSegment');
    assert.equal(item.command?.command, 'braze.openSegment');
  });

  it('filters by name, tag or id, and clears', async () => {
    await vscode.commands.executeCommand('braze.refreshSegments');
    ctx.api.segmentsTree.setFilter('winback');
    const filtered = roots();
    assert.ok(filtered.length > 0 && filtered.length < 242, `${filtered.length} rows`);
    for (const node of filtered) {
      assert.ok(node.kind === 'segment' && `${node.segment.name} ${node.segment.tags.join(' ')}`.toLowerCase().includes('winback'));
    }
    ctx.api.segmentsTree.setFilter(KNOWN_SEGMENT_ID);
    assert.deepEqual(ids(roots()), [KNOWN_SEGMENT_ID]);
    await vscode.commands.executeCommand('braze.clearSegmentFilter');
    assert.equal(roots().length, 242);
  });

  it('groups by tag, untagged last', async () => {
    await vscode.commands.executeCommand('braze.groupSegmentsByTag');
    try {
      const groups = roots();
      assert.ok(groups.every((node) => node.kind === 'group'));
      const last = groups[groups.length - 1];
      assert.equal(last.kind === 'group' && last.tag, undefined);
      const winback = groups.find((node) => node.kind === 'group' && node.tag === 'winback');
      assert.ok(winback && ids(ctx.api.segmentsTree.tree.getChildren(winback)).includes(KNOWN_SEGMENT_ID));
    } finally {
      await vscode.commands.executeCommand('braze.ungroupSegments');
    }
    assert.ok(roots().every((node) => node.kind === 'segment'));
  });

  it('Copy Segment Id puts the id on the clipboard', async () => {
    const node = roots().find((n) => n.kind === 'segment' && n.segment.id === KNOWN_SEGMENT_ID);
    await vscode.env.clipboard.writeText('something else');
    await vscode.commands.executeCommand('braze.copySegmentId', node);
    assert.equal(await vscode.env.clipboard.readText(), KNOWN_SEGMENT_ID);
  });

  it('Insert Segment Id at Cursor edits the active editor', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: 'const audience = ;\n' });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 17, 0, 17);
    const node = roots().find((n) => n.kind === 'segment' && n.segment.id === KNOWN_SEGMENT_ID);
    assert.equal(await vscode.commands.executeCommand('braze.insertSegmentId', node), true);
    assert.equal(document.getText(), `const audience = ${KNOWN_SEGMENT_ID};\n`);
  });

  it('names listed segments in hovers at once', async () => {
    const listed = roots().find((n) => n.kind === 'segment' && n.segment.id !== KNOWN_SEGMENT_ID && n.segment.name);
    assert.ok(listed && listed.kind === 'segment');
    assert.equal(workspace(ctx).service.knownName(listed.segment.id), listed.segment.name);
  });

  it('after a switch to a key without segments.list, explains it instead of rows', async () => {
    assert.equal(await setKey(KEYS.noList), 'saved-lacking');
    await waitFor('the no-list key in use', async () => (await ctx.api.keys.get(ctx.server.url)) === KEYS.noList);
    await vscode.commands.executeCommand('braze.refreshSegments');
    await waitFor('the no-permission welcome state', async () => (await ctx.api.segmentsTree.tree.emptyState()) === 'noListPermission');
    assert.equal(roots().length, 0, "rows of the previous key's workspace are gone");
    assert.equal(await setKey(KEYS.all), 'saved');
  });
});
