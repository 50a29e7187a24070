// Context keys that menus, the palette and the walkthrough read, kept true as workspaces come and go:
// a command that cannot do anything here (Open Braze Dashboard with only a test server) is not
// offered, menus that only make sense with several workspaces (the Segments view's workspace rows)
// know when, and the walkthrough's steps check themselves off once the user has done them.
import * as vscode from 'vscode';
import { type IDisposable, toDisposable } from '../common/lifecycle';
import type { Workspaces } from './workspaces';

/** The context keys the walkthrough's steps complete on (package.json `completionEvents`). */
export const WALKTHROUGH_CONTEXT_KEYS = {
  /** At least one usable workspace: `braze.restEndpoint` or an entry of `braze.workspaces`. */
  hasWorkspace: 'braze.hasWorkspace',
  /** Some workspace has a key stored: with several, one is enough for the step. */
  hasApiKey: 'braze.hasApiKey',
  /** A hover card was shown in this window (set once, see `onceContextKey`). */
  hoverCardShown: 'braze.hoverCardShown',
} as const;

type WatchedWorkspaces = Pick<Workspaces, 'all' | 'several' | 'onDidChange' | 'onDidChangeWorkspace'>;

export function watchContextKeys(workspaces: WatchedWorkspaces): IDisposable {
  // Key reads are asynchronous (SecretStorage): only the latest read may set the key.
  let keyReads = 0;
  const updateKeys = () => {
    const read = ++keyReads;
    void Promise.all(workspaces.all.map((workspace) => workspace.hasKey().catch(() => false))).then((stored) => {
      if (read === keyReads) void setContext(WALKTHROUGH_CONTEXT_KEYS.hasApiKey, stored.some(Boolean));
    });
  };
  const update = () => {
    void setContext('braze.hasDashboard', workspaces.all.some((workspace) => workspace.dashboardUrl !== undefined));
    void setContext('braze.severalWorkspaces', workspaces.several);
    void setContext(WALKTHROUGH_CONTEXT_KEYS.hasWorkspace, workspaces.all.length > 0);
    updateKeys();
  };
  update();
  const changed = workspaces.onDidChange(update);
  const keyChanged = workspaces.onDidChangeWorkspace(updateKeys);
  return toDisposable(() => {
    changed.dispose();
    keyChanged.dispose();
  });
}

/**
 * A function that sets the context key `key` to true the first time it is called, and does nothing
 * after: cheap enough for a hover provider to call on every card.
 */
export function onceContextKey(key: string): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    void setContext(key, true);
  };
}

function setContext(key: string, value: unknown): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', key, value);
}
