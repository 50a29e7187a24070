// Documents on other file systems, in the real extension host: a virtual workspace's `vscode-vfs`
// (what GitHub Repositories and Azure Repos use) and a scheme no list could know, each served by a
// FileSystemProvider this test registers, get the hover, the names beside ids and completion as a
// local file does; a document no file system holds (a content provider's, as output channels and
// debug sources are) gets none of them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { KEYS, KNOWN_SEGMENT_ID } from '../server/fixtures';
import { completedIds, hoverText, inlayLabels } from './codeFeatures';
import { closeAllEditors, setKey, useBrazeServer, waitFor, workspace } from './helpers';

const CONTENT = `segment_id = "${KNOWN_SEGMENT_ID}"\naudience_segment = "\n`;

/** A read-only file system of one folder's files, given as path -> text. */
class FixedFileSystem implements vscode.FileSystemProvider {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;

  constructor(private readonly files: ReadonlyMap<string, string>) {}

  stat(uri: vscode.Uri): vscode.FileStat {
    if (this.files.has(uri.path)) return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: Buffer.byteLength(this.files.get(uri.path)!) };
    if ([...this.files.keys()].some((file) => file.startsWith(`${uri.path.replace(/\/$/, '')}/`))) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    throw vscode.FileSystemError.FileNotFound(uri);
  }
  readFile(uri: vscode.Uri): Uint8Array {
    const text = this.files.get(uri.path);
    if (text === undefined) throw vscode.FileSystemError.FileNotFound(uri);
    return Buffer.from(text);
  }
  readDirectory(): [string, vscode.FileType][] {
    return [];
  }
  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }
  writeFile(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
}

describe('Other file systems', () => {
  const ctx = useBrazeServer();
  const registrations: vscode.Disposable[] = [];

  before(async () => {
    assert.equal(await setKey(KEYS.all), 'saved');
    await waitFor('the key in use', async () => (await ctx.api.keys.get(ctx.server.url)) === KEYS.all);
    await vscode.commands.executeCommand('braze.refreshSegments');
    assert.ok(workspace(ctx).service.summary(KNOWN_SEGMENT_ID), 'the list does not name the known id');
    const files = new Map([['/braze/audiences/segments.py', CONTENT]]);
    for (const scheme of ['vscode-vfs', 'braze-test-fs']) {
      registrations.push(vscode.workspace.registerFileSystemProvider(scheme, new FixedFileSystem(files), { isReadonly: true, isCaseSensitive: true }));
    }
    registrations.push(vscode.workspace.registerTextDocumentContentProvider('braze-test-pane', { provideTextDocumentContent: () => CONTENT }));
  });
  after(async () => {
    await closeAllEditors();
    for (const registration of registrations) registration.dispose();
  });

  for (const [scheme, authority] of [
    ['vscode-vfs', 'github'],
    ['braze-test-fs', 'anywhere'],
  ]) {
    it(`${scheme}: the hover, the name beside the id and completion by name`, async () => {
      const uri = vscode.Uri.from({ scheme, authority, path: '/braze/audiences/segments.py' });
      // VS Code tells every extension host of a new file system, this one too, a moment later.
      await waitFor(`the ${scheme} file system known`, () => vscode.workspace.fs.isWritableFileSystem(scheme) === false);
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      assert.equal(document.uri.scheme, scheme);
      assert.match(await hoverText(document, KNOWN_SEGMENT_ID), /Lapsed buyers \(EU\)/);
      assert.ok((await inlayLabels(document)).some((label) => label.includes('Lapsed buyers (EU)')), 'no name beside the id');
      assert.ok((await completedIds(document, 'audience_segment = "', '"')).includes(KNOWN_SEGMENT_ID), 'no completion item for the known segment');
    });
  }

  it('stays out of documents no file system holds (output, debug and other panes)', async () => {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'braze-test-pane', path: '/segments.py' }));
    assert.equal(document.getText(), CONTENT);
    assert.equal(await hoverText(document, KNOWN_SEGMENT_ID), '');
    assert.deepEqual(await inlayLabels(document), []);
    assert.deepEqual(await completedIds(document, 'audience_segment = "', '"'), []);
  });
});
