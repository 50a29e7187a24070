// Braze: Look Up Segment. Makes sure an endpoint and a key are set, asks for a segment (by name from
// the loaded list, or a pasted id; prefilled from the selection or the id under the cursor), then
// opens the detail panel, which shows the segment or says what went wrong.
import * as vscode from 'vscode';
import { showWarning } from '../notify';
import type { SegmentSummary } from '../../braze/model';
import { segmentIdProblem } from '../../braze/segmentId';
import { displayName, filterSegments } from '../../segments/catalogView';
import { findSegmentIds, segmentIdAt } from '../../segments/idDetection';
import { forIconLabel } from '../../segments/inertText';
import type { SegmentCatalog } from '../../segments/segmentCatalog';
import type { Connection } from '../connection';
import type { SegmentPanels } from '../panel/segmentPanels';
import { segmentOrder } from '../settings';
import { COMMANDS } from '../commandIds';

export async function lookupSegment(connection: Connection, panels: SegmentPanels, catalog: SegmentCatalog, providedId?: unknown): Promise<string | undefined> {
  const given = typeof providedId === 'string' && !segmentIdProblem(providedId.trim()) ? providedId.trim() : undefined;
  if (!(await ensureReady(connection))) return undefined;
  const id = given ?? (await pickSegment(connection, catalog));
  if (!id) return undefined;
  const { loaded } = panels.show(id, { refresh: false });
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Looking up segment ${id}…` },
    () => loaded,
  );
  return id;
}

interface SegmentPick extends vscode.QuickPickItem {
  id: string;
}

/**
 * A quick pick over the loaded segments (matching name, tags and id) that also takes a pasted id.
 * The list is loaded on first use, and rows appear as pages arrive.
 */
function pickSegment(connection: Connection, catalog: SegmentCatalog): Promise<string | undefined> {
  const pick = vscode.window.createQuickPick<SegmentPick>();
  pick.title = 'Look Up Braze Segment';
  pick.placeholder = 'Type part of a segment name or tag, or paste a segment id';
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.ignoreFocusOut = true;
  pick.value = idFromEditor() ?? '';
  // Sending thousands of items to the workbench on every keystroke would make typing lag: the items
  // are rebuilt only when the list or the "Look up <id>" row changes; VS Code filters as the user types.
  let listedFrom: readonly SegmentSummary[] | undefined;
  let listed: SegmentPick[] = [];
  let shownKey: string | undefined;
  /** The unlisted UUID shown first: it keeps its place when the list arrives with it. */
  let pinnedId: string | undefined;
  const refreshItems = () => {
    const value = pick.value.trim();
    const segments = catalog.state.segments;
    if (segments !== listedFrom) {
      listed = segments.map(toPick);
      listedFrom = segments;
      shownKey = undefined;
    }
    // Replacing the items while the user presses Enter can accept another row, so they change only
    // when they must. A pasted UUID that is not listed goes first, and stays first once shown, even
    // when the list arrives with it; a listed one is simply its own row. Other text is more likely
    // part of a name or a tag: "Look up <text>" comes last, and only when no loaded segment matches
    // it (VS Code sorts label matches first, which would put it above segments that match by tag).
    const listedId = segments.some((segment) => segment.id === value);
    const placement =
      value === '' || segmentIdProblem(value)
        ? 'none'
        : looksLikeUuid(value)
          ? listedId && pinnedId !== value ? 'none' : 'first'
          : filterSegments(segments, value).length ? 'none' : 'last';
    const key = placement === 'none' ? 'none' : `${placement}:${value}`;
    if (key !== shownKey) {
      const typed: SegmentPick = { id: value, label: `$(search) Look up ${forIconLabel(value)}`, description: 'segment id', alwaysShow: true };
      pick.items = placement === 'first' ? [typed, ...listed] : placement === 'last' ? [...listed, typed] : listed;
      shownKey = key;
      pinnedId = placement === 'first' ? value : undefined;
    }
    pick.busy = catalog.state.loading;
    const error = catalog.state.error;
    pick.placeholder = error?.kind === 'missing-permission'
      ? 'Paste a segment id (this key cannot list segments: it lacks segments.list)'
      : 'Type part of a segment name or tag, or paste a segment id';
  };
  const subscriptions = [catalog.onDidChange(refreshItems), pick.onDidChangeValue(refreshItems)];
  refreshItems();
  if (!catalog.state.complete && !catalog.state.loading && connection.endpoint) {
    void catalog.load(segmentOrder() === 'oldest' ? 'asc' : 'desc');
  }
  return new Promise<string | undefined>((resolve) => {
    subscriptions.push(
      pick.onDidAccept(() => {
        const chosen = pick.selectedItems[0]?.id ?? pick.value.trim();
        const problem = segmentIdProblem(chosen);
        if (problem) {
          pick.title = `Look Up Braze Segment: ${problem}`;
          return;
        }
        resolve(chosen);
        pick.hide();
      }),
      pick.onDidHide(() => {
        resolve(undefined);
        for (const subscription of subscriptions) subscription.dispose();
        pick.dispose();
      }),
    );
    pick.show();
  });
}

function looksLikeUuid(value: string): boolean {
  const [found] = findSegmentIds(value);
  return found !== undefined && found.start === 0 && found.end === value.length;
}

/** Names, tags and even ids come from Braze: none of them may render `$(icon)`s. */
function toPick(segment: SegmentSummary): SegmentPick {
  return { id: segment.id, label: forIconLabel(displayName(segment)), description: forIconLabel(segment.tags.join(', ')), detail: forIconLabel(segment.id) };
}

/** The selection when it could be an id, else a segment id under the cursor. */
function idFromEditor(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const { selection, document } = editor;
  if (!selection.isEmpty) {
    const text = document.getText(selection).trim().replace(/^["'`]|["'`]$/g, '');
    return segmentIdProblem(text) ? undefined : text;
  }
  return segmentIdAt(document.lineAt(selection.active.line).text, selection.active.character)?.id;
}

/** Offers to set what is missing; true when an endpoint and a key are there afterwards. */
async function ensureReady(connection: Connection): Promise<boolean> {
  if (!connection.endpoint) {
    const state = connection.endpointState();
    const why = state.kind === 'invalid' ? `The braze.restEndpoint setting is not usable: ${state.reason}` : 'No Braze REST endpoint is set.';
    const choice = await showWarning(`${why} Select your Braze instance to look up segments.`, 'Select REST Endpoint');
    if (!choice || !(await vscode.commands.executeCommand<string | undefined>(COMMANDS.selectEndpoint))) return false;
  }
  if (!(await connection.hasKey())) {
    const choice = await showWarning(`No API key is set for ${connection.instance}. Set it to look up segments.`, 'Set API Key');
    if (!choice) return false;
    const outcome = await vscode.commands.executeCommand<string>(COMMANDS.setApiKey);
    if (outcome !== 'saved' && outcome !== 'saved-lacking') return false;
  }
  return true;
}
