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
    // What a screen reader says of a row: its name, what it is, its tags.
    const known = roots().find((node) => node.kind === 'segment' && node.segment.id === KNOWN_SEGMENT_ID)!;
    assert.match(ctx.api.segmentsTree.tree.getTreeItem(known).accessibilityInformation?.label ?? '', /^Lapsed buyers \(EU\), segment, tags: winback, eu, analytics tracking on$/);
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

  describe('with 3,000 segments', () => {
    const LARGE = 3_000;
    let serverIds: string[] = [];
    const tree = () => ctx.api.segmentsTree.tree;
    const moreRow = (nodes: SegmentNode[]) => nodes.find((node) => node.kind === 'more');
    /** The rows of the view after the first load of the whole list, the list read afresh. */
    const loadAfresh = async () => {
      workspace(ctx).catalog.clear();
      await vscode.commands.executeCommand('braze.refreshSegments');
      await waitFor('the whole list', () => tree().complete && tree().totalCount === serverIds.length);
    };

    before(async () => {
      ctx.server.setSegments([...ctx.server.segments.slice(0, 12), ...generateWorkspace(LARGE, 5)]);
      serverIds = ctx.server.segments.map((segment) => segment.id);
      await waitFor('the full key in use', async () => (await ctx.api.keys.get(ctx.server.url)) === KEYS.all);
      await loadAfresh();
      // In the order the view reads them (the first test checks that order against the server's pages).
      serverIds = workspace(ctx).catalog.state.segments.map((segment) => segment.id);
    });
    after(() => {
      ctx.server.delayMs = 0;
      ctx.api.segmentsTree.setFilter(undefined);
    });

    it('shows the first 500 rows and a "Show more" row, and each click shows 500 more', async () => {
      const rows = roots();
      assert.equal(rows.length, 501);
      const segmentRows = rows.filter((node) => node.kind === 'segment');
      assert.equal(segmentRows.length, 500);
      assert.deepEqual(ids(segmentRows), serverIds.slice(0, 500));
      const more = moreRow(rows);
      assert.ok(more, 'no "Show more" row');
      assert.equal(rows[rows.length - 1], more, 'the "Show more" row is not last');
      const item = tree().getTreeItem(more);
      assert.equal(item.label, 'Show 500 more…');
      assert.equal(item.description, `500 of ${serverIds.length.toLocaleString('en')}`);
      assert.equal(item.command?.command, 'braze.showMoreSegments');
      assert.equal(item.accessibilityInformation?.label, `Show 500 more… 500 of ${serverIds.length.toLocaleString('en')} segments shown`);

      // The row's own command, as a click runs it.
      await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
      const after = roots();
      assert.equal(after.length, 1_001);
      assert.deepEqual(ids(after.filter((node) => node.kind === 'segment')), serverIds.slice(0, 1_000));
      assert.equal(tree().getTreeItem(moreRow(after)!).description, `1,000 of ${serverIds.length.toLocaleString('en')}`);
      // The same row object: VS Code redraws it in place.
      assert.equal(moreRow(after), more);
    });

    it('filters over every row, not only those shown, and a new filter starts from the first 500', async () => {
      try {
        const far = serverIds[2_700];
        ctx.api.segmentsTree.setFilter(far);
        assert.deepEqual(ids(roots()), [far]);
        // A letter nearly every name, tag or id has: more rows than a page.
        ctx.api.segmentsTree.setFilter('e');
        const rows = roots();
        const matching = workspace(ctx).catalog.state.segments.filter((segment) => `${segment.name} ${segment.tags.join(' ')} ${segment.id}`.toLowerCase().includes('e')).length;
        assert.ok(matching > 500 && matching < serverIds.length, `${matching} match`);
        assert.equal(rows.filter((node) => node.kind === 'segment').length, 500);
        assert.equal(tree().getTreeItem(moreRow(rows)!).description, `500 of ${matching.toLocaleString('en')}`);
        assert.equal(tree().visibleCount, matching);
      } finally {
        ctx.api.segmentsTree.setFilter(undefined);
      }
    });

    it('pages each tag group, and reveals a row in one', async () => {
      await vscode.commands.executeCommand('braze.groupSegmentsByTag');
      try {
        // The untagged group: a third or so of the generated segments have no tag.
        const group = roots().find((node) => node.kind === 'group' && node.tag === undefined);
        assert.ok(group);
        const children = tree().getChildren(group);
        const inGroup = workspace(ctx).catalog.state.segments.filter((segment) => !segment.tags.some((tag) => tag.trim())).length;
        assert.ok(inGroup > 500, `${inGroup} untagged`);
        assert.equal(children.length, 501);
        const more = moreRow(children);
        assert.ok(more && more.kind === 'more' && more.group === '');
        assert.equal(tree().getParent(more), group);
        assert.equal(tree().getTreeItem(group).description, inGroup.toLocaleString('en'));
        assert.equal(tree().getTreeItem(group).accessibilityInformation?.label, `Untagged segments, ${inGroup.toLocaleString('en')} segments`);
        const row = children[499];
        assert.equal(tree().getParent(row), group);
        // reveal() walks getParent up and then down getChildren: it fails for a row it cannot place.
        assert.ok(row.kind === 'segment');
        await ctx.api.segmentsTree.view.reveal(row, { select: true, focus: true });
        await waitFor('the revealed row selected', () => ctx.api.segmentsTree.view.selection.some((node) => node.kind === 'segment' && node.segment.id === row.segment.id));
        // Braze: Reveal in Segments View of an untagged segment past the group's first 500 rows: the group shows more.
        const drawn = new Set(ids(children));
        const far = workspace(ctx).catalog.state.segments.find((segment) => !segment.tags.some((tag) => tag.trim()) && !drawn.has(segment.id));
        assert.ok(far, 'an untagged segment past the first 500');
        assert.equal(await vscode.commands.executeCommand('braze.revealSegment', far.id, workspace(ctx).name), true);
        const selected = await waitFor('the far row selected', () => ctx.api.segmentsTree.view.selection[0]);
        assert.ok(selected.kind === 'segment' && selected.segment.id === far.id && selected.group === '', JSON.stringify(selected));
        assert.ok(ids(tree().getChildren(group)).includes(far.id));
        const before = tree().getChildren(group).filter((node) => node.kind === 'segment').length;
        await vscode.commands.executeCommand('braze.showMoreSegments', more);
        const shown = Math.min(inGroup, before + 500);
        assert.deepEqual(ids(tree().getChildren(group).filter((node) => node.kind === 'segment')).length, shown);
        assert.equal(moreRow(tree().getChildren(group)) !== undefined, inGroup > shown);
      } finally {
        await vscode.commands.executeCommand('braze.ungroupSegments');
      }
    });

    it('says how far a load is: "page 3" on a first load, "page 3 of ~31" when a complete load gave an estimate', async () => {
      ctx.server.delayMs = 400; // 31 pages, 6 in flight: about 2 s, four or five redraws
      const said = new Set<string>();
      const watch = setInterval(() => said.add(ctx.api.segmentsTree.view.description ?? ''), 25);
      try {
        await loadAfresh();
        const first = [...said].filter((text) => /page \d+/.test(text));
        assert.ok(first.length, `no page in ${JSON.stringify([...said])}`);
        assert.ok(first.every((text) => !/ of ~/.test(text)), `an estimate without a previous load: ${JSON.stringify(first)}`);
        said.clear();
        await vscode.commands.executeCommand('braze.refreshSegments');
        const pages = Math.floor(serverIds.length / 100) + 1;
        const again = [...said].filter((text) => new RegExp(`page \\d+ of ~${pages}$`).test(text));
        assert.ok(again.length, `no "page N of ~${pages}" in ${JSON.stringify([...said])}`);
      } finally {
        clearInterval(watch);
        ctx.server.delayMs = 0;
      }
      assert.ok(!/page/.test(ctx.api.segmentsTree.view.description ?? ''), 'the page is said only while loading');
    });

    it('redraws at most every 500 ms while the list loads, and then only the "Show more" row', async () => {
      // Slow enough for pages to arrive over several 500 ms redraws with 6 pages in flight at once.
      ctx.server.delayMs = 400; // 31 pages, 6 in flight: about 2 s, four or five redraws
      const events: Array<SegmentNode | SegmentNode[] | undefined> = [];
      const listening = tree().onDidChangeTreeData((event) => events.push(event));
      const started = Date.now();
      try {
        await loadAfresh();
      } finally {
        listening.dispose();
        ctx.server.delayMs = 0;
      }
      const elapsed = Date.now() - started;
      // One for the emptied list, one per 500 ms at most, one for the end.
      assert.ok(events.length <= Math.ceil(elapsed / 500) + 3, `${events.length} redraws in ${elapsed} ms`);
      assert.ok(events.length >= 2, `${events.length} redraws`);
      // Once the first 500 rows are there, a page in Braze's order changes nothing on screen but the count.
      const whole = events.findIndex((event) => Array.isArray(event));
      assert.ok(whole > 0, `no redraw of single rows: ${JSON.stringify(events.map((event) => (event === undefined ? 'all' : 'rows')))}`);
      for (const event of events.slice(whole)) {
        assert.ok(Array.isArray(event) && event.every((node) => node.kind === 'more'), `a whole redraw after the first page: ${JSON.stringify(event)}`);
      }
    });
  });
});
