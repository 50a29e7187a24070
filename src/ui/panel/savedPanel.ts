// What a detail panel needs to come back after a window reload: the page saves the last PanelState it
// was sent (media/panel.js, vscode.setState), and the serializer reads the segment id and the name of
// the workspace it belonged to back out of it. The saved state is the page's, so it is untrusted.
import { isValidSegmentId } from '../../braze/segmentId';
import type { PanelState } from './protocol';

export interface SavedPanel {
  id: string;
  /** The workspace it belonged to; undefined in a state saved before panels had one. */
  workspace?: string;
}

/** The id and workspace of a saved state, or undefined when it names no valid segment id. */
export function readSavedPanel(state: unknown): SavedPanel | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const { id, home, workspace } = state as { [K in keyof PanelState]?: unknown };
  if (typeof id !== 'string' || !isValidSegmentId(id)) return undefined;
  // `home` is always set when there is a workspace; `workspace` (shown in the header) only with several.
  const name = typeof home === 'string' && home ? home : typeof workspace === 'string' && workspace ? workspace : undefined;
  return name === undefined ? { id } : { id, workspace: name };
}
