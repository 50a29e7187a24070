// The Segments in Code view in the real extension host, against the Braze test server: files with ids
// written into the test workspace folder, the view opened, its rows grouped by segment with counts and
// the ids no workspace knows in a group of their own; then a save, a delete and a rename, each handled
// for that one file (the index's change event names only it).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { BrazeSegmentsApi } from '../../src/extension';
import type { CodeIndex } from '../../src/ui/code/codeIndex';
import type { CodeSegmentNode, ReferenceNode } from '../../src/ui/code/referencesNodes';
import type { ReferencesView } from '../../src/ui/code/referencesView';
import { KEYS, KNOWN_SEGMENT_ID, MANY_TAGS_SEGMENT_ID, UNKNOWN_SEGMENT_ID } from '../server/fixtures';
import { closeAllEditors, setKey, useBrazeServer, waitFor, workspace } from './helpers';

/** An id no workspace knows and nothing calls a segment: no reference of anything, left out. */
const BARE_ID = '0c0ffee0-1234-4abc-8def-0123456789ab';
/** Only ever in the file that is renamed. */
const RENAMED_ID = 'aa11bb22-cc33-4d44-8e55-ff6677889900';

/** The handles activate() returns in test mode, once the Segments in Code classes are wired. */
type Handles = BrazeSegmentsApi & { codeIndex?: CodeIndex; referencesView?: ReferencesView };

const encode = (text: string) => new TextEncoder().encode(text);

describe('Segments in Code view', () => {
  const ctx = useBrazeServer();
  const folder = () => vscode.workspace.workspaceFolders![0].uri;
  const dir = () => vscode.Uri.joinPath(folder(), 'references-view');
  const file = (name: string) => vscode.Uri.joinPath(dir(), name);
  let codeIndex: CodeIndex;
  let view: ReferencesView;
  /** Files the workspace scan had read when this file began: no later step may scan the folder again. */
  let readByScan = 0;

  const roots = () => view.tree.getChildren();
  const segmentRow = (id: string) => {
    const find = (nodes: ReferenceNode[]): CodeSegmentNode | undefined => {
      for (const node of nodes) {
        if (node.kind === 'codeSegment' && node.id === id) return node;
        if (node.kind === 'codeUnknownGroup') {
          const inGroup = find(view.tree.getChildren(node));
          if (inGroup) return inGroup;
        }
      }
      return undefined;
    };
    return find(roots());
  };
  /** `relative/path:line` of each row under the segment's row, in this test's folder only. */
  const places = (id: string) => {
    const row = segmentRow(id);
    if (!row) return [];
    return view.tree
      .getChildren(row)
      .map((child) => view.tree.getTreeItem(child).label as string)
      .filter((label) => label.startsWith('references-view/'))
      .sort();
  };
  const unknownGroup = () => roots().find((node) => node.kind === 'codeUnknownGroup');

  /** Collects the URIs of every index change while `body` runs and until `until` holds. */
  async function changesDuring(body: () => PromiseLike<unknown>, until: () => boolean): Promise<string[]> {
    const seen = new Set<string>();
    const listener = codeIndex.index.onDidChange(({ uris }) => uris.forEach((uri) => seen.add(uri)));
    try {
      await body();
      await waitFor('the index to follow', until, 15_000);
      // Anything that would come for other files (a wrongly full rescan) would come now.
      await new Promise((resolve) => setTimeout(resolve, 700));
    } finally {
      listener.dispose();
    }
    return [...seen].sort();
  }

  before(async () => {
    const handles = ctx.api as Handles;
    if (!handles.codeIndex || !handles.referencesView) {
      assert.fail('activate() returns no codeIndex / referencesView test handles yet');
    }
    codeIndex = handles.codeIndex;
    view = handles.referencesView;
    assert.equal(await setKey(KEYS.all), 'saved');
    await waitFor('the key in use', async () => (await ctx.api.keys.get(ctx.server.url)) === KEYS.all);
    await vscode.commands.executeCommand('braze.refreshSegments');
    assert.ok(workspace(ctx).service.summary(KNOWN_SEGMENT_ID), 'the list names the known id');

    await vscode.workspace.fs.createDirectory(dir());
    await vscode.workspace.fs.writeFile(file('audiences.ts'), encode(`export const WINBACK_SEGMENT = '${KNOWN_SEGMENT_ID}';\nexport const TAGGED_SEGMENT = '${MANY_TAGS_SEGMENT_ID}';\n`));
    await vscode.workspace.fs.writeFile(file('canvas.yaml'), encode(`name: winback\nsegments:\n  - ${KNOWN_SEGMENT_ID}\n  - ${UNKNOWN_SEGMENT_ID}\n`));
    await vscode.workspace.fs.writeFile(file('notes.md'), encode(`checksum ${BARE_ID}\n\n\n\ncampaign_id: ${UNKNOWN_SEGMENT_ID}\n`));
    await vscode.workspace.fs.writeFile(file('old-name.sql'), encode(`WHERE segment_id = '${RENAMED_ID}'\n`));
    // Skipped: a binary by name, and what VS Code's search skips (search.exclude: node_modules).
    await vscode.workspace.fs.writeFile(file('logo.png'), encode(`segment_id = ${UNKNOWN_SEGMENT_ID}`));
    await vscode.workspace.fs.writeFile(file('node_modules/pkg/index.js'), encode(`const SEGMENT = '${UNKNOWN_SEGMENT_ID}';\n`));

    // Shown: the view reads the workspace (the first time it is visible).
    await vscode.commands.executeCommand('workbench.view.extension.braze');
    await vscode.commands.executeCommand('braze.references.focus');
    await waitFor('the view visible', () => view.visible);
    await codeIndex.ensureScanned();
    assert.ok(codeIndex.scanned);
    readByScan = codeIndex.stats.done;
  });

  after(async () => {
    await closeAllEditors();
    await vscode.workspace.fs.delete(dir(), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  it('groups the references by segment, named from the list, with counts', async () => {
    await waitFor('the rows of the written files', () => places(KNOWN_SEGMENT_ID).length === 2 && places(MANY_TAGS_SEGMENT_ID).length === 1);
    const known = segmentRow(KNOWN_SEGMENT_ID)!;
    assert.equal(known.name, 'Lapsed buyers (EU)');
    assert.equal(known.known, true);
    const item = view.tree.getTreeItem(known);
    assert.equal(item.label, 'Lapsed buyers (EU)');
    // segments.ts at the folder's root holds it too (the workspace the runner writes).
    assert.match(String(item.description), /^\d+ references in \d+ files$/);
    assert.ok(known.references >= 2 && known.files >= 2);
    assert.equal(item.contextValue, 'brazeCodeSegment');
    assert.deepEqual(places(KNOWN_SEGMENT_ID), ['references-view/audiences.ts:1', 'references-view/canvas.yaml:3']);

    // Known roots by name, the unknown group last.
    const rootRows = roots();
    const names = rootRows.filter((node): node is CodeSegmentNode => node.kind === 'codeSegment').map((node) => node.name ?? node.id);
    assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base', numeric: true })));
    assert.equal(rootRows[rootRows.length - 1].kind, 'codeUnknownGroup');

    // A location row opens the file with the id selected.
    const [location] = view.tree.getChildren(known).filter((child) => (view.tree.getTreeItem(child).label as string).startsWith('references-view/audiences.ts'));
    const locationItem = view.tree.getTreeItem(location);
    assert.equal(locationItem.description, `export const WINBACK_SEGMENT = '${KNOWN_SEGMENT_ID}';`);
    assert.equal(locationItem.contextValue, 'brazeCodeReference');
    assert.equal(locationItem.command?.command, 'vscode.open');
    assert.equal(String(locationItem.resourceUri), file('audiences.ts').toString());
    await vscode.commands.executeCommand(locationItem.command!.command, ...(locationItem.command!.arguments ?? []));
    const editor = await waitFor('the file open', () => (vscode.window.activeTextEditor?.document.uri.toString() === file('audiences.ts').toString() ? vscode.window.activeTextEditor : undefined));
    assert.equal(editor.document.getText(editor.selection), KNOWN_SEGMENT_ID);
    await closeAllEditors();
  });

  it('puts ids the code calls segments but no workspace knows in their own group, and leaves bare ones out', async () => {
    const group = unknownGroup();
    assert.ok(group, 'an Unknown ids group');
    assert.equal(view.tree.getTreeItem(group).label, 'Unknown ids');
    const unknown = segmentRow(UNKNOWN_SEGMENT_ID);
    assert.ok(unknown && !unknown.known);
    assert.equal(view.tree.getParent(unknown), group);
    // canvas.yaml only: the notes' campaign_id is something else, the png and node_modules are skipped.
    assert.deepEqual(places(UNKNOWN_SEGMENT_ID), ['references-view/canvas.yaml:4']);
    assert.equal(view.tree.getTreeItem(unknown).contextValue, 'brazeCodeUnknownId');
    assert.equal(segmentRow(BARE_ID), undefined, 'an id nothing calls a segment is no reference');
    assert.deepEqual(codeIndex.index.inFile(file('logo.png').toString()), []);
    assert.deepEqual(codeIndex.index.inFile(file('node_modules/pkg/index.js').toString()), []);
    assert.match(view.view.message ?? '', /\d[\d,]* references? to \d[\d,]* segments? in \d[\d,]* files?/);
  });

  it('a row names its segment to Open Details and Copy Segment Id', async () => {
    const known = segmentRow(KNOWN_SEGMENT_ID)!;
    await vscode.env.clipboard.writeText('something else');
    await vscode.commands.executeCommand('braze.copySegmentId', known);
    assert.equal(await vscode.env.clipboard.readText(), KNOWN_SEGMENT_ID);
    const [location] = view.tree.getChildren(known);
    await vscode.env.clipboard.writeText('something else');
    await vscode.commands.executeCommand('braze.copySegmentId', location);
    assert.equal(await vscode.env.clipboard.readText(), KNOWN_SEGMENT_ID);
    assert.equal(await vscode.commands.executeCommand('braze.openSegment', known), KNOWN_SEGMENT_ID);
    await closeAllEditors();
  });

  it('a file written on disk is read again alone', async () => {
    const uri = file('canvas.yaml');
    const changed = await changesDuring(
      () => vscode.workspace.fs.writeFile(uri, encode(`name: winback\nsegments:\n  - ${KNOWN_SEGMENT_ID}\n  - ${MANY_TAGS_SEGMENT_ID}\n  - ${UNKNOWN_SEGMENT_ID}\n`)),
      () => codeIndex.index.inFile(uri.toString()).length === 3,
    );
    assert.deepEqual(changed, [uri.toString()]);
    await waitFor('the tagged segment in both files', () => places(MANY_TAGS_SEGMENT_ID).length === 2);
    assert.deepEqual(places(UNKNOWN_SEGMENT_ID), ['references-view/canvas.yaml:5']);
  });

  it('an edit saved in the editor updates only that file', async () => {
    const uri = file('audiences.ts');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const changed = await changesDuring(
      async () => {
        const edit = new vscode.WorkspaceEdit();
        edit.insert(uri, new vscode.Position(0, 0), `// segment ${UNKNOWN_SEGMENT_ID}\n`);
        assert.ok(await vscode.workspace.applyEdit(edit));
        assert.ok(await document.save());
      },
      () => codeIndex.index.inFile(uri.toString()).length === 3,
    );
    assert.deepEqual(changed, [uri.toString()]);
    await waitFor('the unknown id in two files', () => places(UNKNOWN_SEGMENT_ID).length === 2);
    assert.deepEqual(places(KNOWN_SEGMENT_ID), ['references-view/audiences.ts:2', 'references-view/canvas.yaml:3']);
    // Closing it reads the saved file from disk again: the same ids, nothing changes.
    const afterClose = await changesDuring(() => closeAllEditors(), () => true);
    assert.deepEqual(afterClose, []);
  });

  it('a deleted file drops its entries, and an id found nowhere else its row', async () => {
    const uri = file('canvas.yaml');
    const changed = await changesDuring(
      () => vscode.workspace.fs.delete(uri, { useTrash: false }),
      () => codeIndex.index.inFile(uri.toString()).length === 0,
    );
    assert.deepEqual(changed, [uri.toString()]);
    await waitFor('canvas.yaml gone from the view', () => places(KNOWN_SEGMENT_ID).length === 1);
    assert.deepEqual(places(UNKNOWN_SEGMENT_ID), ['references-view/audiences.ts:1']);
  });

  it('a renamed file moves its entries without a read', async () => {
    const from = file('old-name.sql');
    const to = file('new-name.sql');
    await waitFor('the renamed id indexed', () => places(RENAMED_ID).length === 1);
    const changed = await changesDuring(
      async () => {
        const edit = new vscode.WorkspaceEdit();
        edit.renameFile(from, to);
        assert.ok(await vscode.workspace.applyEdit(edit));
      },
      () => codeIndex.index.inFile(to.toString()).length === 1,
    );
    assert.deepEqual(changed, [to.toString(), from.toString()].sort());
    assert.deepEqual(codeIndex.index.inFile(from.toString()), []);
    await waitFor('the row under its new name', () => places(RENAMED_ID).join() === 'references-view/new-name.sql:1');
    assert.equal(segmentRow(RENAMED_ID)?.known, false, 'nobody knows it');
  });

  it('never scanned the folder again for one file', () => {
    const { stats } = codeIndex;
    assert.equal(stats.done, readByScan, 'the workspace scan read nothing more after the first time');
    assert.equal(stats.done, stats.files, 'every listed file read once');
    assert.equal(stats.capped, false);
  });
});
