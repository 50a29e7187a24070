// Context keys that menus and the palette read, kept true as the connection changes: a command that
// cannot do anything here (Open Braze Dashboard on a test server) is not offered.
import * as vscode from 'vscode';
import type { Connection } from './connection';

export function watchConnectionContext(connection: Connection): vscode.Disposable {
  const update = () => void vscode.commands.executeCommand('setContext', 'braze.hasDashboard', connection.dashboardUrl !== undefined);
  update();
  return connection.onDidChange(update);
}
