// How every quick pick of ours ends: the user accepts a choice, or dismisses the pick. One place for
// the accept/hide wiring, so each pick only says what its choice is.
import type * as vscode from 'vscode';

/**
 * Shows `pick` and resolves with `accept()` of the selection when the user accepts, or undefined when
 * the pick is hidden. An `accept()` of undefined keeps the pick open (it may say why). `hidden` runs
 * once the pick is gone: its owner disposes of it there.
 */
export function chooseFrom<T extends vscode.QuickPickItem, R>(pick: vscode.QuickPick<T>, accept: () => R | undefined, hidden: () => void): Promise<R | undefined> {
  return new Promise((resolve) => {
    const accepting = pick.onDidAccept(() => {
      const choice = accept();
      if (choice === undefined) return;
      resolve(choice);
      pick.hide();
    });
    const hiding = pick.onDidHide(() => {
      resolve(undefined);
      accepting.dispose();
      hiding.dispose();
      hidden();
    });
    pick.show();
  });
}
