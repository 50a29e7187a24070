// The "Get Started with Braze Segments" walkthrough (package.json `contributes.walkthroughs`): its
// steps complete on context keys (contextKeys.ts), so this module only does what the steps cannot
// say in Markdown: open a file with a segment id to hover, and lead a first-time user to the page.
//
// VS Code opens the walkthrough by itself when the extension is installed from the Extensions view
// (`workbench.welcomePage.walkthroughs.openOnInstall`), not when it arrives another way (a .vsix from
// the command line, Settings Sync, a new profile): for those, one notification, once per install.
import * as vscode from 'vscode';
import { showInfo } from './notify';
import type { Workspaces } from './workspaces';

export const WALKTHROUGH_ID = 'braze.gettingStarted';
/** What `workbench.action.openWalkthrough` takes: `<publisher>.<name>#<walkthrough id>`. */
export const WALKTHROUGH_FULL_ID = `braze-segments.braze-segments#${WALKTHROUGH_ID}`;
/** globalState: the first-run notification was shown (or the user needed none). */
const OFFERED_KEY = 'braze.walkthrough.offered';
/** A well-formed id for when no segment is known yet: its card says it was not found, and why. */
const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';

/** Opens an untitled TypeScript file naming a segment id, the first segment listed if one is. */
export async function openExampleSegmentId(workspaces: Workspaces): Promise<vscode.TextEditor> {
  const listed = workspaces.all.find((workspace) => workspace.catalog.state.segments.length)?.catalog.state.segments[0];
  const hoverIt = `// ${vscode.l10n.t('Hover the id below: its card shows the segment, with links to its details.')}`;
  // eslint-disable-next-line no-restricted-syntax -- TypeScript, not prose
  const declaration = (id: string) => `const segmentId = '${id}';`;
  const lines = listed
    ? [hoverIt, declaration(listed.id)]
    : [hoverIt, `// ${vscode.l10n.t('Paste one of your own segment ids in its place (Braze: Look Up Segment finds them by name).')}`, declaration(PLACEHOLDER_ID)];
  const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: `${lines.join('\n')}\n` });
  const editor = await vscode.window.showTextDocument(document, { preview: true });
  // The cursor on the id: Ctrl/Cmd+K Ctrl/Cmd+I (Show Hover) works from the keyboard too.
  const line = document.lineCount - 2;
  const column = document.lineAt(line).text.indexOf("'") + 1;
  editor.selection = new vscode.Selection(line, column, line, column);
  return editor;
}

export interface FirstRunDeps {
  workspaces: Workspaces;
  globalState: vscode.Memento;
  mode: vscode.ExtensionMode;
}

/**
 * Offers the walkthrough once per install to a user with nothing set up: no workspace (so no key
 * either). Someone who already chose an instance found the setup; the Segments view and the status
 * item lead them to the key. Never in the extension's own tests, unless `force` (a test asking).
 */
export async function offerWalkthroughOnce({ workspaces, globalState, mode }: FirstRunDeps, force = false): Promise<void> {
  if (!force && (mode === vscode.ExtensionMode.Test || globalState.get<boolean>(OFFERED_KEY))) return;
  await globalState.update(OFFERED_KEY, true);
  if (workspaces.all.length > 0) return;
  const getStarted = vscode.l10n.t('Get Started');
  const answer = await showInfo(vscode.l10n.t('Braze Segments: choose your Braze instance and set an API key to read segment ids where they stand.'), getStarted);
  if (answer === getStarted) await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_FULL_ID, false);
}
