// Braze: Look Up Segment. Makes sure an endpoint and a key are set, asks for a segment (by name from
// the loaded list, or a pasted id; prefilled from the selection or the id under the cursor), then
// opens the detail panel, which shows the segment or says what went wrong.
import * as vscode from 'vscode';
import { showWarning } from '../notify';
import type { SegmentSummary } from '../../braze/model';
import { isUuid, normalizeSegmentId, segmentIdProblem } from '../../braze/segmentId';
import { displayName, filterSegments } from '../../segments/catalogView';
import { segmentIdAt } from '../../segments/idDetection';
import { forIconLabel } from '../../segments/inertText';
import type { SegmentCatalog } from '../../segments/segmentCatalog';
import type { Connection } from '../connection';
import type { SegmentPanels } from '../panel/segmentPanels';
import { segmentOrder } from '../settings';
import { COMMANDS } from '../commandIds';

export async function lookupSegment(connection: Connection, panels: SegmentPanels, catalog: SegmentCatalog, providedId?: unknown): Promise<string | undefined> {
  const normalized = typeof providedId === 'string' ? normalizeSegmentId(providedId) : undefined;
  const given = normalized && !segmentIdProblem(normalized) ? normalized : undefined;
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
  // are rebuilt only when the list or the extra row changes; VS Code filters as the user types.
  let listedFrom: readonly SegmentSummary[] | undefined;
  let listed: SegmentPick[] = [];
  let shownKey: string | undefined;
  /** The pasted id shown first: it keeps the first place once shown, even when the list arrives with it. */
  let pinnedId: string | undefined;
  const refreshItems = () => {
    const typed = pick.value.trim();
    // Only a UUID is taken as an id (in any case: Braze's are lower case). Anything else is part of
    // a name or a tag, and never turns into a request for an id that cannot exist.
    const id = isUuid(typed) ? typed.toLowerCase() : undefined;
    const segments = catalog.state.segments;
    if (segments !== listedFrom) {
      listed = segments.map(toPick);
      listedFrom = segments;
      shownKey = undefined;
    }
    // Replacing the items while the user presses Enter can accept another row, so they change only
    // when they must, and a pasted id keeps the first place: first as "Look up <id>", then (once
    // the list has it) as its own named row, never twice.
    const listedIndex = id === undefined ? -1 : listed.findIndex((item) => item.id === id);
    const placement =
      typed === ''
        ? 'none'
        : id !== undefined
          ? listedIndex >= 0
            ? pinnedId === id ? 'listed-first' : 'none'
            : 'lookup-first'
          : filterSegments(segments, typed).length
            ? 'none'
            : 'no-match';
    // What the extra row shows: typing that changes nothing on screen sends nothing to the workbench.
    const key =
      placement === 'none' ? 'none'
        : placement === 'no-match' ? `no-match:${typed}:${catalog.state.loading}:${catalog.state.error?.kind ?? ''}`
          : `${placement}:${id}`;
    if (key !== shownKey) {
      if (placement === 'lookup-first') {
        pick.items = [{ id: id!, label: `$(search) Look up ${id}`, description: 'segment id', alwaysShow: true }, ...listed];
        pinnedId = id;
      } else if (placement === 'listed-first') {
        pick.items = [listed[listedIndex], ...listed.slice(0, listedIndex), ...listed.slice(listedIndex + 1)];
      } else if (placement === 'no-match') {
        pick.items = [...listed, noMatchRow(typed, catalog)];
        pinnedId = undefined;
      } else {
        pick.items = listed;
        pinnedId = undefined;
      }
      shownKey = key;
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
        const typed = pick.value.trim();
        const chosen = pick.selectedItems[0]?.id ?? (isUuid(typed) ? typed.toLowerCase() : '');
        if (!chosen) {
          pick.title = 'Look Up Braze Segment: choose a segment, or paste a segment id (a UUID)';
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

/** The last row when no loaded segment matches: says so, and what to do instead. Accepting it does nothing. */
function noMatchRow(typed: string, catalog: SegmentCatalog): SegmentPick {
  const { error, loading } = catalog.state;
  const hint =
    error?.kind === 'missing-permission'
      ? 'this key cannot list segments (it lacks segments.list): paste a segment id instead'
      : loading
        ? 'the list is still loading'
        : 'paste a segment id (a UUID) to look it up directly';
  return { id: '', label: `$(info) No segment name, tag or id contains “${forIconLabel(typed)}”`, description: hint, alwaysShow: true };
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
    const text = normalizeSegmentId(document.getText(selection).trim().replace(/^["'`]|["'`]$/g, ''));
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
