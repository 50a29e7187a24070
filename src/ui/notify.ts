// Notifications, always through here: VS Code renders `[label](command:…)` in a message as a link
// that runs the command, so every message is made inert first (forNotification), whatever part of it
// came from a setting, a typed value or Braze. Buttons are our own fixed labels.
import * as vscode from 'vscode';
import { forNotification } from '../segments/inertText';

export function showError<T extends string>(message: string, ...actions: T[]): Thenable<T | undefined> {
  return vscode.window.showErrorMessage(forNotification(message), ...actions);
}

export function showWarning<T extends string>(message: string, ...actions: T[]): Thenable<T | undefined> {
  return vscode.window.showWarningMessage(forNotification(message), ...actions);
}

export function showInfo<T extends string>(message: string, ...actions: T[]): Thenable<T | undefined> {
  return vscode.window.showInformationMessage(forNotification(message), ...actions);
}
