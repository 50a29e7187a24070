// Braze: Copy Segment Name and Braze: Copy Segment Markdown Link, from a tree row, a hover link, the
// panel or the palette (which asks as Look Up does). The name is read from what the workspace already
// knows (cached details or its list); only an id nothing knows yet is asked of Braze.
import * as vscode from 'vscode';
import { segmentMarkdownLink } from '../../segments/segmentLink';
import { forIconLabel } from '../../segments/inertText';
import type { Workspace } from '../../segments/workspace';
import { showInfo } from '../notify';
import type { Settings } from '../settings';
import { segmentTargetFrom } from '../tree/segmentNodes';
import type { Workspaces } from '../workspaces';
import { chooseSegment } from './lookupSegment';

export interface CopyDeps {
  workspaces: Workspaces;
  settings: Settings;
}

/** A segment named by its id, in the workspace that knows it. */
interface NamedSegment {
  id: string;
  name: string | undefined;
  workspace: Workspace | undefined;
}

/** Copies the segment's name; resolves with what was copied, or undefined (nothing named, or not found). */
export async function copySegmentName(deps: CopyDeps, arg?: unknown, workspaceArg?: unknown): Promise<string | undefined> {
  const segment = await segmentFor(deps, arg, workspaceArg, vscode.l10n.t('Copy Segment Name'));
  if (!segment) return undefined;
  if (!segment.name?.trim()) {
    void showInfo(vscode.l10n.t('The segment {0} has no name in Braze.', segment.id));
    return undefined;
  }
  await vscode.env.clipboard.writeText(segment.name);
  vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Copied segment name {0}', forIconLabel(segment.name)), 3000);
  return segment.name;
}

/** Copies `[name](dashboard) (`id`)`; resolves with the Markdown copied. */
export async function copySegmentMarkdownLink(deps: CopyDeps, arg?: unknown, workspaceArg?: unknown): Promise<string | undefined> {
  const segment = await segmentFor(deps, arg, workspaceArg, vscode.l10n.t('Copy Segment Markdown Link'));
  if (!segment) return undefined;
  const markdown = segmentMarkdownLink(segment, segment.workspace?.dashboardUrl);
  await vscode.env.clipboard.writeText(markdown);
  vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Copied a Markdown link to segment {0}', forIconLabel(segment.id)), 3000);
  return markdown;
}

/**
 * The segment `arg` names (a tree row, an id with its workspace from a hover link or the panel), or
 * the one the user picks. Undefined when nothing was chosen or Braze knows no such segment.
 */
async function segmentFor(deps: CopyDeps, arg: unknown, workspaceArg: unknown, title: string): Promise<NamedSegment | undefined> {
  const { workspaces, settings } = deps;
  const target = segmentTargetFrom(arg, workspaceArg) ?? (arg === undefined ? await chooseSegment(workspaces, settings, title) : undefined);
  if (!target) return undefined;
  const preferred = workspaces.preferredFor(vscode.window.activeTextEditor?.document.uri);
  const named = target.workspace === undefined ? undefined : workspaces.get(target.workspace);
  if (named) {
    const known = named.service.knownName(target.id);
    if (known !== undefined) return { id: target.id, name: known, workspace: named };
  } else {
    const known = workspaces.resolver.named(target.id, preferred);
    if (known) return { id: target.id, name: known.name, workspace: known.workspace };
  }
  // Nothing cached: Braze is asked, as opening the panel would.
  const resolution = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Braze: looking up the segment…') }, async () => {
    if (!named) return workspaces.resolver.resolve(target.id, { preferred, explicit: true });
    try {
      const details = await named.service.getDetails(target.id, { explicit: true });
      return { kind: 'found' as const, workspace: named, details };
    } catch {
      return undefined;
    }
  });
  if (resolution?.kind === 'found') return { id: target.id, name: resolution.details.name, workspace: resolution.workspace };
  void showInfo(vscode.l10n.t('Braze: the segment {0} could not be found, so nothing was copied. Open its details to see why.', target.id));
  return undefined;
}
