// Restricted Mode, in a real extension host with workspace trust on and the test folder left
// untrusted (test/host/runIntegration.ts runs this file alone, in a pass of its own): the extension
// starts by itself, the hover, the names beside ids and completion work in the folder's own file
// against the Braze test server, and what the folder's .vscode/settings.json sets for the settings
// package.json restricts (braze.workspace, braze.cache.minutes) is not applied.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { KEYS, KNOWN_SEGMENT_ID } from '../server/fixtures';
import { completedIds, hoverText, inlayLabels } from './codeFeatures';
import { EXTENSION_ID, closeAllEditors, setKey, useBrazeServer, waitFor, workspace } from './helpers';

const folder = () => vscode.workspace.workspaceFolders![0].uri;

describe('Restricted Mode', () => {
  it('opens the test folder untrusted, and the extension starts by itself', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded in Restricted Mode`);
    // onStartupFinished, not our activate() call. VS Code runs an extension under development even
    // in Restricted Mode; an installed one only when it says it supports it, as ours does.
    await waitFor('the extension active', () => extension.isActive, 20_000);
    const { capabilities } = extension.packageJSON as { capabilities?: { untrustedWorkspaces?: { supported?: unknown } } };
    assert.equal(capabilities?.untrustedWorkspaces?.supported, 'limited');
  });

  describe('against the Braze test server', () => {
    const ctx = useBrazeServer();

    before(async () => {
      assert.equal(await setKey(KEYS.all), 'saved');
      await waitFor('the key in use', async () => (await ctx.api.keys.get(ctx.server.url)) === KEYS.all);
      await vscode.commands.executeCommand('braze.refreshSegments');
      assert.ok(workspace(ctx).service.summary(KNOWN_SEGMENT_ID), 'the list does not name the known id');
    });
    after(closeAllEditors);

    const folderFile = async () => {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'audiences.yaml'));
      await vscode.window.showTextDocument(document);
      return document;
    };

    it("shows the hover card in the untrusted folder's own file", async () => {
      assert.match(await hoverText(await folderFile(), KNOWN_SEGMENT_ID), /Lapsed buyers \(EU\)/);
    });

    it('shows the name beside the id, with the command that opens its details', async () => {
      const document = await folderFile();
      assert.deepEqual(await inlayLabels(document), ['Lapsed buyers (EU)']);
      // VS Code's command drops label commands on the way back: the provider's own hint has it.
      const [hint] = ctx.api.inlineNames.provideInlayHints(document, new vscode.Range(0, 0, document.lineCount, 0), new vscode.CancellationTokenSource().token);
      assert.ok(hint && typeof hint.label !== 'string', 'no hint from the provider');
      assert.equal(hint.label[0].command?.command, 'braze.openSegment');
    });

    it('completes a segment by name', async () => {
      const document = await vscode.workspace.openTextDocument({ language: 'python', content: 'segment_id = "\n' });
      assert.ok((await completedIds(document, 'segment_id = "', '"')).includes(KNOWN_SEGMENT_ID), 'no completion item for the known segment');
    });

    it("ignores the folder's braze.workspace and braze.cache.minutes while it is untrusted", async () => {
      // The folder does set them (runIntegration.ts wrote them)…
      const written = JSON.parse(fs.readFileSync(vscode.Uri.joinPath(folder(), '.vscode', 'settings.json').fsPath, 'utf8')) as Record<string, unknown>;
      assert.equal(written['braze.workspace'], 'Staging');
      assert.equal(written['braze.cache.minutes'], 0);
      // …and VS Code read the file: a setting it does not restrict applies.
      await waitFor('the folder setting braze.segments.sortOrder applied', () => vscode.workspace.getConfiguration('braze').get('segments.sortOrder') === 'name');
      assert.equal(vscode.workspace.getConfiguration('braze', folder()).get('workspace'), '');
      assert.equal(ctx.api.settings.workspaceFor(folder()), undefined);
      assert.equal(ctx.api.settings.cacheTtlMs(), 10 * 60_000);
      // inspect() hides it too, so the status bar does not call the folder's name unknown.
      assert.deepEqual(ctx.api.settings.folderWorkspaces(), []);
    });
  });
});
