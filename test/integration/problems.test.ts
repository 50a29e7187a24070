// The "Braze" problems of segment ids, in the real extension host against the test server: an unknown
// id where the code says segment is a Warning, an id with nothing around it is nobody's business, a
// UUID named as an API key is a Warning and never reaches Braze; with several workspaces, a segment
// of another workspace than the folder's is an Information. The quick fixes come from VS Code's own
// code action command, and replacing an id makes its problem go.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { KEYS, KNOWN_SEGMENT_ID, STAGING_KEYS, STAGING_SEGMENT_ID, UNKNOWN_SEGMENT_ID } from '../server/fixtures';
import { closeAllEditors, setKey, useBrazeServer, waitFor, workspace } from './helpers';

/** UUIDs no workspace of the test server has. */
const UNRELATED_ID = '1a2b3c4d-0000-4e5f-8a9b-0c1d2e3f4a5b';
const API_KEY_UUID = '5f4e3d2c-1b0a-4987-b654-3210fedcba98';

const API_KEY_MESSAGE = 'This looks like a Braze REST API key in source code: keys belong in a secret store.';

/** Known id, unknown id in a segment context, unknown id with nothing around it, an API key. */
const CONTENT = [
  `const WINBACK_SEGMENT_ID = '${KNOWN_SEGMENT_ID}';`,
  `const LAPSED_SEGMENT_ID = '${UNKNOWN_SEGMENT_ID}';`,
  '',
  '',
  '',
  `const fallback = '${UNRELATED_ID}';`,
  '',
  '',
  '',
  `const BRAZE_API_KEY = '${API_KEY_UUID}';`,
  '',
].join('\n');

interface Seen {
  line: number;
  severity: vscode.DiagnosticSeverity;
  code: unknown;
  message: string;
}

/** The "Braze" problems of `uri`, by line. */
function brazeProblems(uri: vscode.Uri): Seen[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((diagnostic) => diagnostic.source === 'Braze')
    .map((diagnostic) => ({ line: diagnostic.range.start.line, severity: diagnostic.severity, code: diagnostic.code, message: diagnostic.message }))
    .sort((a, b) => a.line - b.line);
}

const codes = (seen: readonly Seen[]) => seen.map((problem) => `${problem.line}:${String(problem.code)}`).join(' ');

/** The code actions VS Code collects at `range`, as titles and commands. */
async function fixesAt(uri: vscode.Uri, range: vscode.Range): Promise<Array<{ title: string; command?: string; args?: unknown[] }>> {
  const actions = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
  return actions.map((action) => {
    const command = 'command' in action && typeof action.command === 'object' ? action.command : (action as vscode.Command);
    return { title: action.title, command: command?.command, args: command?.arguments };
  });
}

function rangeOf(document: vscode.TextDocument, needle: string): vscode.Range {
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} not in the document`);
  return new vscode.Range(document.positionAt(offset), document.positionAt(offset + needle.length));
}

/** Problems are those of the repository's files open in a tab (a scratch buffer gets none). */
async function openFile(name: string, content: string): Promise<vscode.TextDocument> {
  const uri = vscode.Uri.joinPath(problemsDir(), name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

function problemsDir(): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'problems-test');
}

describe('Segment problems', () => {
  const ctx = useBrazeServer();

  before(async () => {
    // Problems of the files in tabs are the subject: an open Segments in Code view checks the whole folder.
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor('the Segments in Code view closed', () => !ctx.api.referencesView.visible);
    assert.equal(await setKey(KEYS.all), 'saved');
    await waitFor('the key in use', async () => (await ctx.api.keys.get(ctx.server.url)) === KEYS.all);
  });
  // Nested tests add Staging: the one-endpoint workspace stays the first.
  beforeEach(() => {
    for (const each of ctx.api.workspaces.all) each.service.clear();
    ctx.server.resetRecords();
  });
  after(async () => {
    await closeAllEditors();
    await vscode.workspace.fs.delete(problemsDir(), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  it('warns of an unknown id where the code says segment and of an API key, and nothing else', async () => {
    const document = await openFile('case-1.ts', CONTENT);
    const seen = await waitFor('the problems of the document', () => {
      const problems = brazeProblems(document.uri);
      return codes(problems) === '1:unknown-segment 9:api-key-in-code' ? problems : undefined;
    });
    const label = workspace(ctx).label;
    assert.deepEqual(seen, [
      { line: 1, severity: vscode.DiagnosticSeverity.Warning, code: 'unknown-segment', message: `No segment 9f8e7d6c… in ${label}: deleted, archived, or from another workspace.` },
      { line: 9, severity: vscode.DiagnosticSeverity.Warning, code: 'api-key-in-code', message: API_KEY_MESSAGE },
    ]);
    // The known id is known (from its details or a list) and no problem; the others never left the editor.
    await waitFor('the known id known', () => ctx.api.workspaces.resolver.named(KNOWN_SEGMENT_ID) !== undefined);
    assert.equal(codes(brazeProblems(document.uri)), '1:unknown-segment 9:api-key-in-code');
    assert.ok(!ctx.server.requests.some((request) => request.path.includes(API_KEY_UUID)), 'the API key went to Braze');
    assert.ok(!ctx.server.requests.some((request) => request.path.includes(UNRELATED_ID)), 'an id nobody called a segment was looked up');
    assert.equal(ctx.server.requestCount('/segments/details', UNKNOWN_SEGMENT_ID), 1, 'the unknown id is asked once');
  });

  it('offers Look Up and Replace for an unknown id, nothing for an API key', async () => {
    const document = await openFile('case-2.ts', CONTENT);
    await waitFor('the unknown id flagged', () => codes(brazeProblems(document.uri)).includes('1:unknown-segment'));
    const fixes = await fixesAt(document.uri, rangeOf(document, UNKNOWN_SEGMENT_ID));
    const lookUp = fixes.find((fix) => fix.title === 'Look Up Segment…');
    assert.ok(lookUp, `no Look Up fix among ${JSON.stringify(fixes.map((fix) => fix.title))}`);
    assert.equal(lookUp.command, 'braze.lookupSegment');
    assert.deepEqual(lookUp.args, [UNKNOWN_SEGMENT_ID]);
    const replace = fixes.find((fix) => fix.title === 'Replace with a Segment Chosen by Name…');
    assert.ok(replace, `no Replace fix among ${JSON.stringify(fixes.map((fix) => fix.title))}`);
    assert.equal(replace.command, 'braze.replaceSegmentId');
    const keyFixes = await fixesAt(document.uri, rangeOf(document, API_KEY_UUID));
    assert.deepEqual(
      keyFixes.filter((fix) => fix.command?.startsWith('braze.')),
      [],
    );

    // Replacing the id with a known one (the pick's answer, given here) makes its problem go.
    const written = await vscode.commands.executeCommand('braze.replaceSegmentId', document.uri, rangeOf(document, UNKNOWN_SEGMENT_ID), KNOWN_SEGMENT_ID);
    assert.equal(written, KNOWN_SEGMENT_ID);
    assert.equal(document.lineAt(1).text, `const LAPSED_SEGMENT_ID = '${KNOWN_SEGMENT_ID}';`);
    await waitFor('only the API key left', () => codes(brazeProblems(document.uri)) === '9:api-key-in-code');
  });

  it('without a key: no problem for unknown ids, still the API key warning, and no request', async () => {
    await vscode.commands.executeCommand('braze.clearApiKey', undefined, { confirmed: true });
    await waitFor('the key removed', async () => (await ctx.api.keys.get(ctx.server.url)) === undefined);
    await waitFor('the workspace without its key', () => workspace(ctx).keyState === false);
    // What was asked before the key went is not this test's business.
    ctx.server.resetRecords();
    try {
      const document = await openFile('case-3.ts', CONTENT);
      await waitFor('the API key warning', () => codes(brazeProblems(document.uri)) === '9:api-key-in-code');
      await new Promise((resolve) => setTimeout(resolve, 600));
      assert.equal(codes(brazeProblems(document.uri)), '9:api-key-in-code');
      assert.equal(ctx.server.requests.length, 0);
    } finally {
      assert.equal(await setKey(KEYS.all), 'saved');
    }
  });

  it('closing a document takes its problems away', async () => {
    const document = await openFile('case-4.ts', CONTENT);
    await vscode.window.showTextDocument(document);
    await waitFor('the problems shown', () => brazeProblems(document.uri).length === 2);
    // Every tab showing it, in whichever group an earlier suite left focused.
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === document.uri.toString());
    assert.ok(tabs.length > 0, 'the file is shown in a tab');
    await vscode.window.tabGroups.close(tabs);
    await waitFor('the problems gone', () => brazeProblems(document.uri).length === 0);
  });

  describe('with several workspaces', () => {
    const folder = () => vscode.workspace.workspaceFolders![0].uri;
    const settingsFile = () => vscode.Uri.joinPath(folder(), '.vscode', 'settings.json');
    const file = () => vscode.Uri.joinPath(folder(), 'problems-audiences.ts');

    before(async () => {
      const added = await vscode.commands.executeCommand<{ name: string; key: string }>('braze.addWorkspace', 'Staging', ctx.server.url, STAGING_KEYS.all);
      assert.equal(added?.key, 'saved');
      await waitFor('two workspaces', () => ctx.api.workspaces.all.length === 2);
    });
    after(async () => {
      await closeAllEditors();
      await vscode.workspace.fs.delete(settingsFile(), { useTrash: false }).then(undefined, () => undefined);
      await vscode.workspace.fs.delete(file(), { useTrash: false }).then(undefined, () => undefined);
      await vscode.commands.executeCommand('braze.removeWorkspace', 'Staging', { confirmed: true });
    });

    it("says a segment of another workspace than the folder's braze.workspace is there, and names every workspace asked", async () => {
      const production = ctx.api.workspaces.all[0];
      const staging = ctx.api.workspaces.get('Staging')!;
      await vscode.workspace.fs.writeFile(settingsFile(), new TextEncoder().encode(JSON.stringify({ 'braze.workspace': production.name })));
      await waitFor(`braze.workspace = ${production.name}`, () => ctx.api.workspaces.preferredFor(folder()) === production.name);
      const content = [`export const QA_SEGMENT_ID = '${STAGING_SEGMENT_ID}';`, `export const OLD_SEGMENT_ID = '${UNKNOWN_SEGMENT_ID}';`, ''].join('\n');
      await vscode.workspace.fs.writeFile(file(), new TextEncoder().encode(content));
      const document = await vscode.workspace.openTextDocument(file());
      await vscode.window.showTextDocument(document, { preview: false });
      const seen = await waitFor('the problems of the file', () => {
        const problems = brazeProblems(document.uri);
        return codes(problems) === '0:other-workspace 1:unknown-segment' ? problems : undefined;
      });
      assert.deepEqual(seen, [
        {
          line: 0,
          severity: vscode.DiagnosticSeverity.Information,
          code: 'other-workspace',
          message: `Segment “Staging: QA testers” is in Staging, not ${production.name} (this folder's braze.workspace).`,
        },
        {
          line: 1,
          severity: vscode.DiagnosticSeverity.Warning,
          code: 'unknown-segment',
          message: `No segment 9f8e7d6c… in ${production.label} or ${staging.label}: deleted, archived, or from another workspace.`,
        },
      ]);
      const fixes = await fixesAt(document.uri, rangeOf(document, STAGING_SEGMENT_ID));
      assert.ok(
        fixes.some((fix) => fix.command === 'braze.lookupSegment') && fixes.some((fix) => fix.command === 'braze.replaceSegmentId'),
        JSON.stringify(fixes.map((fix) => fix.title)),
      );
    });
  });
});
