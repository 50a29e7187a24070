// One status bar item: which Braze instance is in use and whether a key is set; it turns to a warning
// when Braze says the hourly rate limit is running low. A click offers what can be changed.
import * as vscode from 'vscode';
import type { RateLimit } from '../braze/rateLimit';
import { formatClockTime } from '../segments/format';
import { COMMANDS } from './commandIds';
import type { Connection } from './connection';

/** Below this share of the hourly limit left, the item warns. */
const LOW_BUDGET_SHARE = 0.1;

export class BrazeStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('braze.status', vscode.StatusBarAlignment.Right, 100);
  private rateLimit: RateLimit | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly connection: Connection) {
    this.item.name = 'Braze';
    this.item.command = COMMANDS.statusBarMenu;
    this.disposables.push(
      this.item,
      connection.onDidChange(() => {
        this.rateLimit = undefined;
        void this.update();
      }),
      connection.onDidChangeRateLimit((rateLimit) => {
        this.rateLimit = rateLimit;
        void this.update();
      }),
    );
    void this.update();
  }

  async update(): Promise<void> {
    const endpoint = this.connection.endpoint;
    const hasKey = await this.connection.hasKey();
    const instance = this.connection.instance;
    const low = isLow(this.rateLimit);
    if (!endpoint) {
      this.item.text = '$(plug) Braze';
      this.item.tooltip = 'Braze: no REST endpoint set. Click to select your instance.';
    } else if (!hasKey) {
      this.item.text = `$(key) Braze ${instance}`;
      this.item.tooltip = `Braze ${instance}: no API key set. Click to set it.`;
    } else {
      this.item.text = `${low ? '$(warning)' : '$(pass)'} Braze ${instance}`;
      this.item.tooltip = this.tooltip(instance, endpoint);
    }
    this.item.backgroundColor = low ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.accessibilityInformation = { label: `Braze ${instance}${hasKey ? ', key set' : ', no key'}${low ? ', rate limit low' : ''}` };
    this.item.show();
  }

  private tooltip(instance: string, endpoint: string): string {
    const lines = [`Braze ${instance} (${endpoint}), API key set.`];
    const { remaining, limit, resetAt } = this.rateLimit ?? {};
    if (remaining !== undefined) {
      lines.push(`Rate limit: ${remaining.toLocaleString('en')}${limit ? ` of ${limit.toLocaleString('en')}` : ''} requests left this hour${resetAt ? `, resets at ${formatClockTime(resetAt)}` : ''}.`);
    }
    if (isLow(this.rateLimit)) lines.push('The workspace is close to its Braze rate limit: scripts and colleagues share it.');
    lines.push('Click for Braze actions.');
    return lines.join('\n');
  }

  /** The click: the one thing missing, or a menu of what can be changed. */
  async showMenu(): Promise<void> {
    if (!this.connection.endpoint) {
      await vscode.commands.executeCommand(COMMANDS.selectEndpoint);
      return;
    }
    if (!(await this.connection.hasKey())) {
      await vscode.commands.executeCommand(COMMANDS.setApiKey);
      return;
    }
    const items = [
      { label: '$(search) Look Up Segment', command: COMMANDS.lookupSegment },
      { label: '$(server-environment) Select REST Endpoint', description: this.connection.instance, command: COMMANDS.selectEndpoint },
      { label: '$(key) Set API Key', command: COMMANDS.setApiKey },
      { label: '$(output) Show Log', command: COMMANDS.showLog },
    ];
    const pick = await vscode.window.showQuickPick(items, { title: `Braze ${this.connection.instance}` });
    if (pick) await vscode.commands.executeCommand(pick.command);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function isLow(rateLimit: RateLimit | undefined): boolean {
  if (!rateLimit || rateLimit.remaining === undefined) return false;
  const limit = rateLimit.limit ?? 250_000;
  return rateLimit.remaining <= limit * LOW_BUDGET_SHARE;
}
