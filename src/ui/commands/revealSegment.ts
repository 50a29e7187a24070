// Braze: Reveal in Segments View, from the panel and the hover card: shows the segment's row in the
// Segments view, selected and focused. The tree does the revealing (it knows its rows, their tag
// groups and the filter); this finds the segment's workspace and, when the row is not there, says
// why and offers the one thing that brings it: Clear Filter when the list has it but the filter hides
// it, Refresh when the list does not have it (yet).
import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import { showInfo } from '../notify';
import { segmentTargetFrom } from '../tree/segmentNodes';
import type { Workspaces } from '../workspaces';
import type { Workspace } from '../../segments/workspace';

/** What this command needs of the Segments view (SegmentsTree implements it). */
export interface SegmentRevealer {
  /**
   * Shows the Segments view with the row of segment `id` of workspace `workspaceName` selected and
   * focused (its workspace row and tag group expanded). False when no such row is shown: the list
   * does not have the segment, or the filter hides it. Never throws.
   */
  reveal(workspaceName: string, id: string): Promise<boolean>;
}

export interface RevealDeps {
  workspaces: Workspaces;
  tree: SegmentRevealer;
}

/**
 * `arg`: an id (then `workspaceArg` may name its workspace) or a row. True when the row is shown;
 * false otherwise, with a message (not awaited: its button acts whenever it is clicked).
 */
export async function revealSegment(deps: RevealDeps, arg?: unknown, workspaceArg?: unknown): Promise<boolean> {
  const { workspaces, tree } = deps;
  const target = segmentTargetFrom(arg, workspaceArg);
  if (!target) return false;
  const named = target.workspace;
  const workspace = named === undefined ? await workspaceKnowing(workspaces, target.id) : workspaces.get(named);
  if (!workspace) {
    void showInfo(vscode.l10n.t('The segment {0} is in none of your Braze workspaces’ lists, so the Segments view has no row for it.', target.id));
    return false;
  }
  if (await tree.reveal(workspace.name, target.id)) return true;
  explainHidden(deps, workspace, target.id);
  return false;
}

/** The workspace whose caches or list know `id`, else the first whose Braze does. */
async function workspaceKnowing(workspaces: Workspaces, id: string): Promise<Workspace | undefined> {
  const preferred = workspaces.preferredFor(vscode.window.activeTextEditor?.document.uri);
  const known = workspaces.resolver.known(id, preferred);
  if (known) return known;
  const resolution = await workspaces.resolver.resolve(id, { preferred });
  return resolution.kind === 'found' ? resolution.workspace : undefined;
}

/** The row is not shown: the filter hides it (Clear Filter), or the list lacks it (Refresh). */
function explainHidden(deps: RevealDeps, workspace: Workspace, id: string): void {
  const name = workspace.service.knownName(id)?.trim() || id;
  const listed = workspace.catalog.state.segments.some((segment) => segment.id === id);
  const where = deps.workspaces.several ? workspace.label : undefined;
  if (listed) {
    const clear = vscode.l10n.t({ message: 'Clear Filter', args: [], comment: ['Button: clears the Segments view filter, then shows the segment'] });
    const message = where
      ? vscode.l10n.t('The filter of the Segments view hides {0} ({1}).', name, where)
      : vscode.l10n.t('The filter of the Segments view hides {0}.', name);
    void showInfo(message, clear).then(async (choice) => {
      if (choice !== clear) return;
      await vscode.commands.executeCommand(COMMANDS.clearSegmentFilter);
      await deps.tree.reveal(workspace.name, id);
    });
    return;
  }
  const refresh = vscode.l10n.t({ message: 'Refresh', args: [], comment: ['Button: reloads the segment list from Braze, then shows the segment'] });
  const state = workspace.catalog.state;
  const message = state.loading
    ? vscode.l10n.t('The segment list of {0} is still loading: {1} is not in it yet.', workspace.label, name)
    : vscode.l10n.t('{0} is not in the segment list of {1} the Segments view shows. Refresh it to read the list from Braze again.', name, workspace.label);
  void showInfo(message, refresh).then(async (choice) => {
    if (choice !== refresh) return;
    await vscode.commands.executeCommand(COMMANDS.refreshSegments, workspace.name);
    await deps.tree.reveal(workspace.name, id);
  });
}
