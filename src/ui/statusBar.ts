// One status bar item that tells the truth about Braze: which instance is in use, whether a key is
// set, and how the last request went (a green check only after Braze answered). It warns when the
// hourly rate limit runs low, says when background work is paused to spare the team's share, and
// when a 429 holds, until when. A click offers the fix, or a menu of what can be changed.
import * as vscode from 'vscode';
import type { RequestLogEntry } from '../braze/client';
import type { BrazeError } from '../braze/errors';
import { DEFAULT_HOURLY_LIMIT, backgroundPausedUntil, type RateLimit } from '../braze/rateLimit';
import { describeError } from '../segments/errorText';
import { formatClockTime } from '../segments/format';
import { COMMANDS } from './commandIds';
import type { Connection } from './connection';

/** Below this share of the hourly limit left, the item warns. */
const LOW_BUDGET_SHARE = 0.1;

/** How the last request of the stored key went: Braze answered, or it failed in a way the user should know. */
type LastOutcome = { ok: true; at: Date } | { ok: false; at: Date; error: BrazeError };

interface Look {
  icon: string;
  tooltip: string[];
  label: string;
  background?: 'warning' | 'error';
}

export class BrazeStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('braze.status', vscode.StatusBarAlignment.Right, 100);
  private rateLimit: RateLimit | undefined;
  private last: LastOutcome | undefined;
  private wakeTimer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly connection: Connection) {
    this.item.name = 'Braze';
    this.item.command = COMMANDS.statusBarMenu;
    this.disposables.push(
      this.item,
      connection.onDidChange(() => {
        this.rateLimit = undefined;
        this.last = undefined;
        void this.update();
      }),
      connection.onDidChangeRateLimit((rateLimit) => {
        this.rateLimit = rateLimit;
        void this.update();
      }),
      connection.onDidRequest((entry) => {
        const outcome = outcomeOf(entry);
        if (outcome) {
          this.last = outcome;
          void this.update();
        }
      }),
    );
    void this.update();
  }

  /** What the item shows now: for tests, which cannot read the status bar. */
  get shown(): { text: string; tooltip: string; label: string } {
    return { text: this.item.text, tooltip: String(this.item.tooltip ?? ''), label: this.item.accessibilityInformation?.label ?? '' };
  }

  async update(): Promise<void> {
    const look = await this.look();
    this.item.text = `${look.icon} Braze${this.connection.endpoint ? ` ${this.connection.instance}` : ''}`;
    this.item.tooltip = [...look.tooltip, 'Click for Braze actions.'].join('\n');
    this.item.backgroundColor = look.background ? new vscode.ThemeColor(`statusBarItem.${look.background}Background`) : undefined;
    this.item.accessibilityInformation = { label: look.label };
    this.item.show();
  }

  private async look(): Promise<Look> {
    const state = this.connection.endpointState();
    if (state.kind === 'unset') return { icon: '$(plug)', tooltip: ['Braze: no REST endpoint set. Click to select your instance.'], label: 'Braze: no REST endpoint set' };
    if (state.kind === 'invalid') return { icon: '$(error)', tooltip: [`Braze: the braze.restEndpoint setting is not usable: ${state.reason}`], label: 'Braze: REST endpoint not usable', background: 'error' };
    const instance = this.connection.instance;
    const name = `Braze ${instance}`;
    if (!(await this.connection.hasKey())) return { icon: '$(key)', tooltip: [`${name}: no API key set. Click to set it.`], label: `${name}: no API key` };

    const header = `${name} (${state.endpoint}), API key set.`;
    const budget = this.budgetLines();
    const blockedUntil = this.blockedUntil();
    if (blockedUntil) {
      this.wakeAt(blockedUntil);
      return { icon: '$(warning)', tooltip: [header, `Braze rate limit reached: requests resume at ${formatClockTime(blockedUntil)}.`, ...budget], label: `${name}: rate limit reached`, background: 'warning' };
    }
    if (this.last && !this.last.ok) {
      const why = describeError(this.last.error, instance).message;
      return { icon: '$(error)', tooltip: [header, `The last request failed at ${formatClockTime(this.last.at)}: ${why}`, ...budget], label: `${name}: last request failed`, background: 'error' };
    }
    const paused = backgroundPausedUntil(this.rateLimit);
    if (paused) {
      this.wakeAt(paused);
      return {
        icon: '$(warning)',
        tooltip: [header, ...budget, `Background refreshes are paused until ${formatClockTime(paused)}, so scripts and colleagues keep their share; what you ask for still goes.`],
        label: `${name}: rate limit low, background refreshes paused`,
        background: 'warning',
      };
    }
    if (this.isLow()) {
      return { icon: '$(warning)', tooltip: [header, ...budget, 'The workspace is close to its Braze rate limit: scripts and colleagues share it.'], label: `${name}: rate limit low`, background: 'warning' };
    }
    if (!this.last) return { icon: '$(circle-large-outline)', tooltip: [header, 'No request sent to Braze yet in this window.', ...budget], label: `${name}: key set, not used yet` };
    return { icon: '$(pass)', tooltip: [header, `Braze answered at ${formatClockTime(this.last.at)}.`, ...budget], label: `${name}: connected` };
  }

  private budgetLines(): string[] {
    const { remaining, limit, resetAt } = this.rateLimit ?? {};
    if (remaining === undefined) return [];
    const of = limit ? ` of ${limit.toLocaleString('en')}` : '';
    return [`Rate limit: ${remaining.toLocaleString('en')}${of} requests left this hour${resetAt ? `, resets at ${formatClockTime(resetAt)}` : ''}.`];
  }

  /** A 429 that still holds, or a budget Braze says is used up. */
  private blockedUntil(): Date | undefined {
    const now = Date.now();
    if (this.last && !this.last.ok && this.last.error.kind === 'rate-limited' && !this.last.error.paused) {
      const until = this.last.error.resetAt;
      if (until && until.getTime() > now) return until;
    }
    const { remaining, resetAt } = this.rateLimit ?? {};
    return remaining === 0 && resetAt && resetAt.getTime() > now ? resetAt : undefined;
  }

  private isLow(): boolean {
    const { remaining, limit = DEFAULT_HOURLY_LIMIT } = this.rateLimit ?? {};
    return remaining !== undefined && remaining <= limit * LOW_BUDGET_SHARE;
  }

  /** Redraws when a block or pause ends: the item must not keep saying "paused" after the reset. */
  private wakeAt(date: Date): void {
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      if (this.last && !this.last.ok && this.last.error.kind === 'rate-limited') this.last = undefined;
      void this.update();
    }, Math.max(0, date.getTime() - Date.now()) + 500);
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
      { label: '$(refresh) Refresh Segments', command: COMMANDS.refreshSegments },
      { label: '$(server-environment) Select REST Endpoint', description: this.connection.instance, command: COMMANDS.selectEndpoint },
      { label: '$(key) Set API Key', command: COMMANDS.setApiKey },
      { label: '$(trash) Clear API Key', command: COMMANDS.clearApiKey },
      { label: '$(pulse) Test Connection', command: COMMANDS.testConnection },
      { label: '$(output) Show Log', command: COMMANDS.showLog },
    ];
    const pick = await vscode.window.showQuickPick(items, { title: `Braze ${this.connection.instance}` });
    if (pick) await vscode.commands.executeCommand(pick.command);
  }

  dispose(): void {
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** Braze answering at all is a success (a 404 or a 403 too); these failures are the user's business. */
function outcomeOf(entry: RequestLogEntry): LastOutcome | undefined {
  const at = new Date();
  const error = entry.error;
  if (!error) return { ok: true, at };
  switch (error.kind) {
    case 'aborted':
    case 'invalid-id':
      return undefined;
    case 'not-found':
    case 'missing-permission':
    case 'bad-request':
      return { ok: true, at };
    default:
      return { ok: false, at, error };
  }
}
