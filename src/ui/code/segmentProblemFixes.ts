// Quick fixes for the "Braze" problems of segment ids: look the id up (the panel says what Braze
// knows of it, in which workspace), or replace it with a segment chosen by name from every
// workspace's list. An API key in code gets no fix: only the user can move it to a secret store.
import * as vscode from 'vscode';
import type { SegmentSummary } from '../../braze/model';
import { isUuid, normalizeSegmentId } from '../../braze/segmentId';
import { Disposable } from '../../common/lifecycle';
import { displayName } from '../../segments/catalogArrangement';
import type { CodeProblemCode } from '../../segments/code/segmentCheckProblems';
import { segmentIdAt } from '../../segments/idDetection';
import { forIconLabel } from '../../segments/inertText';
import type { Workspace } from '../../segments/workspace';
import { COMMANDS } from '../commandIds';
import { showInfo, showWarning } from '../notify';
import type { Settings } from '../settings';
import type { Workspaces } from '../workspaces';
import { DIAGNOSTIC_SOURCE } from './segmentProblems';
import { chooseFrom } from '../quickPickChoice';

/** Replaces a segment id in a file with one chosen by name: args (uri, range[, id]). */
export const REPLACE_SEGMENT_ID_COMMAND = 'braze.replaceSegmentId';

/** The problems these fixes are for. */
const FIXABLE = new Set<CodeProblemCode>(['unknown-segment', 'other-workspace']);

export class SegmentProblemFixes implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE || !FIXABLE.has(codeOf(diagnostic) as CodeProblemCode)) continue;
      // The id is the diagnostic's text (a Diagnostic carries no data of its own).
      const id = normalizeSegmentId(document.getText(diagnostic.range));
      if (!isUuid(id)) continue;
      const lookUpTitle = vscode.l10n.t('Look Up Segment…');
      const lookUp = new vscode.CodeAction(lookUpTitle, vscode.CodeActionKind.QuickFix);
      lookUp.command = { command: COMMANDS.lookupSegment, title: lookUpTitle, arguments: [id] };
      lookUp.diagnostics = [diagnostic];
      const replaceTitle = vscode.l10n.t('Replace with a Segment Chosen by Name…');
      const replace = new vscode.CodeAction(replaceTitle, vscode.CodeActionKind.QuickFix);
      replace.command = { command: REPLACE_SEGMENT_ID_COMMAND, title: replaceTitle, arguments: [document.uri, diagnostic.range] };
      replace.diagnostics = [diagnostic];
      actions.push(lookUp, replace);
    }
    return actions;
  }
}

function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  return typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
}

/**
 * Braze: Replace Segment Id. Replaces the id at `range` of `uri` (without them: the id under the
 * active editor's cursor) with `id`, or with a segment the user picks by name. Resolves with the id
 * written, or undefined when nothing was.
 */
export async function replaceSegmentId(workspaces: Workspaces, settings: Settings, uriArg?: unknown, rangeArg?: unknown, idArg?: unknown): Promise<string | undefined> {
  const target = targetOf(uriArg, rangeArg);
  if (!target) {
    void showInfo(vscode.l10n.t('Place the cursor on a segment id to replace it with a segment chosen by name.'));
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument(target.uri);
  // The file may have changed since the problem was drawn: only an id is ever replaced.
  const range = document.validateRange(target.range);
  if (!range.isEqual(target.range) || !isUuid(document.getText(range).trim())) {
    void showInfo(vscode.l10n.t('The segment id is no longer there: the file changed. Try the quick fix again.'));
    return undefined;
  }
  const given = typeof idArg === 'string' ? normalizeSegmentId(idArg) : undefined;
  const id = given !== undefined && isUuid(given) ? given : await chooseSegment(workspaces, settings);
  if (!id) return undefined;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, range, id);
  return (await vscode.workspace.applyEdit(edit)) ? id : undefined;
}

/** The file and range a command names, or the id under the active editor's cursor. */
function targetOf(uriArg: unknown, rangeArg: unknown): { uri: vscode.Uri; range: vscode.Range } | undefined {
  const uri = uriFrom(uriArg);
  const range = rangeFrom(rangeArg);
  if (uri && range) return { uri, range };
  if (uriArg !== undefined || rangeArg !== undefined) return undefined;
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const { active } = editor.selection;
  const found = segmentIdAt(editor.document.lineAt(active.line).text, active.character);
  return found ? { uri: editor.document.uri, range: new vscode.Range(active.line, found.start, active.line, found.end) } : undefined;
}

function uriFrom(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg !== 'string') return undefined;
  try {
    return vscode.Uri.parse(arg, true);
  } catch {
    return undefined;
  }
}

/** A Range, or one that went through JSON: `{ start, end }` or `[start, end]` of `{ line, character }`. */
function rangeFrom(arg: unknown): vscode.Range | undefined {
  if (arg instanceof vscode.Range) return arg;
  const [start, end] = Array.isArray(arg) ? arg : typeof arg === 'object' && arg ? [(arg as { start?: unknown }).start, (arg as { end?: unknown }).end] : [];
  const from = positionFrom(start);
  const to = positionFrom(end);
  return from && to ? new vscode.Range(from, to) : undefined;
}

function positionFrom(value: unknown): vscode.Position | undefined {
  if (typeof value !== 'object' || !value) return undefined;
  const { line, character } = value as { line?: unknown; character?: unknown };
  const whole = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;
  return whole(line) && whole(character) ? new vscode.Position(line, character) : undefined;
}

// ---- The pick ---------------------------------------------------------------------------------------

interface SegmentItem extends vscode.QuickPickItem {
  readonly id: string;
}

/** A segment of any workspace, picked by name, tag, id or workspace; undefined when dismissed. */
async function chooseSegment(workspaces: Workspaces, settings: Settings): Promise<string | undefined> {
  const keyed = (await Promise.all(workspaces.all.map(async (workspace) => ((await workspace.hasKey()) ? workspace : undefined)))).filter(
    (workspace): workspace is Workspace => workspace !== undefined,
  );
  if (!keyed.length) {
    const choice = await showWarning(
      workspaces.all.length ? vscode.l10n.t('Set an API key to choose a segment by name.') : vscode.l10n.t('Select your Braze instance and set an API key to choose a segment by name.'),
      workspaces.all.length ? vscode.l10n.t('Set API Key') : vscode.l10n.t('Select REST Endpoint'),
    );
    if (choice) await vscode.commands.executeCommand(workspaces.all.length ? COMMANDS.setApiKey : COMMANDS.selectEndpoint);
    return undefined;
  }
  return new SegmentChooser(keyed, workspaces.several, settings).run();
}

/** Every listed segment of the keyed workspaces; lists not complete are loaded, and rows appear as pages arrive. */
class SegmentChooser extends Disposable {
  private readonly pick = this._register(vscode.window.createQuickPick<SegmentItem>());
  /** The lists the rows were built from: rebuilt only when one changed (typing is VS Code's filter). */
  private shownFrom: ReadonlyArray<readonly SegmentSummary[]> = [];

  constructor(
    private readonly keyed: readonly Workspace[],
    private readonly several: boolean,
    settings: Settings,
  ) {
    super();
    const { pick } = this;
    pick.title = vscode.l10n.t('Replace with a Segment Chosen by Name');
    pick.placeholder = vscode.l10n.t('Type part of a segment name or tag');
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    for (const workspace of keyed) {
      this._register(workspace.catalog.onDidChange(() => this.refresh()));
      const { state } = workspace.catalog;
      if (!state.complete && !state.loading) void workspace.catalog.load(settings.listDirection);
    }
    this.refresh();
  }

  run(): Promise<string | undefined> {
    return chooseFrom(this.pick, () => this.pick.selectedItems[0]?.id || undefined, () => this.dispose());
  }

  private refresh(): void {
    if (this.isDisposed) return;
    const lists = this.keyed.map((workspace) => workspace.catalog.state.segments);
    this.pick.busy = this.keyed.some((workspace) => workspace.catalog.state.loading);
    if (lists.length === this.shownFrom.length && lists.every((list, i) => list === this.shownFrom[i])) return;
    this.shownFrom = lists;
    this.pick.items = this.keyed.flatMap((workspace, i) => lists[i].map((segment) => this.itemOf(segment, workspace)));
  }

  /** Names, tags and ids come from Braze: none of them may render `$(icon)`s. */
  private itemOf(segment: SegmentSummary, workspace: Workspace): SegmentItem {
    const tags = segment.tags.join(', ');
    // With several workspaces, where it is comes first: Staging often has segments named as Production's.
    const description = this.several ? (tags ? `${workspace.name} · ${tags}` : workspace.name) : tags;
    return { id: segment.id, label: forIconLabel(displayName(segment)), description: forIconLabel(description), detail: forIconLabel(segment.id) };
  }
}
