// Context keys that menus and the palette read, kept true as workspaces come and go: a command that
// cannot do anything here (Open Braze Dashboard with only a test server) is not offered, and menus
// that only make sense with several workspaces (the Segments view's workspace rows) know when.
import * as vscode from 'vscode';
import type { IDisposable } from '../common/lifecycle';
import type { Workspaces } from './workspaces';

export function watchContextKeys(workspaces: Pick<Workspaces, 'all' | 'several' | 'onDidChange'>): IDisposable {
  const update = () => {
    void vscode.commands.executeCommand('setContext', 'braze.hasDashboard', workspaces.all.some((workspace) => workspace.dashboardUrl !== undefined));
    void vscode.commands.executeCommand('setContext', 'braze.severalWorkspaces', workspaces.several);
  };
  update();
  return workspaces.onDidChange(update);
}
