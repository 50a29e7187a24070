// One status bar item that tells the truth about Braze: which workspace is in use, whether its key is
// set, and how its last request went (a green check only after Braze answered). It warns when the
// hourly rate limit runs low, says when background work is paused to spare the team's share, and
// when a 429 holds, until when. With several workspaces it names the one the active folder's code
// targets (or how many there are) and lists each in its tooltip. Settings it could not use are said
// there too. A click offers the fix, or a menu of what can be changed.
import * as vscode from 'vscode';
import { DEFAULT_HOURLY_LIMIT, backgroundPausedUntil, type RateLimit } from '../braze/rateLimit';
import { Disposable, disposableTimeout, type IDisposable, toDisposable } from '../common/lifecycle';
import { describeError } from '../segments/errorText';
import { formatClockTime } from '../segments/format';
import { forIconLabel, forPlainText } from '../segments/inertText';
import type { Workspace } from '../segments/workspace';
import { COMMANDS } from './commandIds';
import type { Workspaces } from './workspaces';

/** Below this share of the hourly limit left, the item warns. */
const LOW_BUDGET_SHARE = 0.1;

type Background = 'warning' | 'error';

/** How one workspace is doing. */
interface Health {
  /** 0 fine … 5 failing: with several and none named, the item takes the worst look. */
  severity: number;
  icon: string;
  background?: Background;
  /** The tooltip of a lone workspace, as it has always read. */
  lines: string[];
  /** For the accessible label: "connected", "no API key", … */
  state: string;
  /** One line with its key state and rate limit, for the tooltip and menu of several. */
  brief: string;
  /** When the look changes by itself: a 429's block or a pause ends. */
  wakeAt?: Date;
}

interface Look {
  text: string;
  tooltip: string[];
  label: string;
  background?: Background;
}

interface MenuItem extends vscode.QuickPickItem {
  command?: string;
  args?: unknown[];
  workspace?: Workspace;
}

export class BrazeStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('braze.status', vscode.StatusBarAlignment.Right, 100));
  private wakeTimer: IDisposable | undefined;

  constructor(private readonly workspaces: Workspaces) {
    super();
    this.item.name = 'Braze';
    this.item.command = COMMANDS.statusBarMenu;
    const update = () => void this.update();
    this._register(toDisposable(() => this.wakeTimer?.dispose()));
    this._register(workspaces.onDidChange(update));
    this._register(workspaces.onDidChangeWorkspace(update));
    this._register(workspaces.onDidChangeHealth(update));
    this._register(workspaces.onDidChangeProblems(update));
    // With several, the item names the active folder's workspace.
    this._register(
      vscode.window.onDidChangeActiveTextEditor(() => {
        if (workspaces.several) update();
      }),
    );
    update();
  }

  /** What the item shows now: for tests, which cannot read the status bar. */
  get shown(): { text: string; tooltip: string; label: string } {
    return { text: this.item.text, tooltip: String(this.item.tooltip ?? ''), label: this.item.accessibilityInformation?.label ?? '' };
  }

  async update(): Promise<void> {
    const all = this.workspaces.all;
    // Read once per key and kept by each workspace: no SecretStorage read on a redraw after that.
    await Promise.all(all.map((workspace) => workspace.hasKey()));
    if (this.isDisposed) return;
    const now = Date.now();
    const healths = new Map(this.workspaces.all.map((workspace) => [workspace, healthOf(workspace, now)]));
    const problems = this.workspaces.problems();
    // Without a workspace, an unusable braze.restEndpoint is the look itself, not a line below it.
    const { endpointProblem } = this.workspaces;
    const look = withProblems(this.look(healths, endpointProblem), healths.size ? problems : problems.filter((problem) => problem !== endpointProblem));
    this.item.text = look.text;
    this.item.tooltip = [...look.tooltip, 'Click for Braze actions.'].join('\n');
    this.item.backgroundColor = look.background ? new vscode.ThemeColor(`statusBarItem.${look.background}Background`) : undefined;
    this.item.accessibilityInformation = { label: look.label };
    this.item.show();
    this.wakeAt(healths);
  }

  private look(healths: ReadonlyMap<Workspace, Health>, endpointProblem: string | undefined): Look {
    const entries = [...healths];
    if (!entries.length) return noWorkspaceLook(endpointProblem);
    if (entries.length === 1) {
      const [[workspace, health]] = entries;
      return { text: `${health.icon} Braze ${forIconLabel(workspace.name)}`, tooltip: health.lines, label: `Braze ${workspace.name}: ${health.state}`, background: health.background };
    }
    const preferred = this.workspaces.preferredFor(vscode.window.activeTextEditor?.document.uri);
    const named = entries.find(([workspace]) => workspace.name === preferred);
    return named ? namedLook(named, entries) : severalLook(entries);
  }

  /**
   * Redraws when the soonest block or pause ends (the item must not keep saying "paused" after the
   * reset); a 429's failure is forgotten then, in the workspace it happened in.
   */
  private wakeAt(healths: ReadonlyMap<Workspace, Health>): void {
    this.wakeTimer?.dispose();
    this.wakeTimer = undefined;
    const times = [...healths.values()].flatMap((health) => (health.wakeAt ? [health.wakeAt.getTime()] : []));
    if (!times.length) return;
    const soonest = Math.min(...times);
    this.wakeTimer = disposableTimeout(
      () => {
        this.wakeTimer = undefined;
        for (const [workspace, health] of healths) if (health.wakeAt && health.wakeAt.getTime() <= soonest) workspace.forgetRateLimitFailure();
        void this.update();
      },
      Math.max(0, soonest - Date.now()) + 500,
    );
  }

  /** The click: the one thing missing, or a menu of what can be changed. */
  async showMenu(): Promise<void> {
    const all = this.workspaces.all;
    if (!all.length) {
      await vscode.commands.executeCommand(COMMANDS.selectEndpoint);
      return;
    }
    if (all.length === 1 && !(await all[0].hasKey())) {
      await vscode.commands.executeCommand(COMMANDS.setApiKey);
      return;
    }
    const pick = all.length === 1 ? await this.pickForOne(all[0]) : await this.pickForSeveral(all);
    if (pick?.workspace) await this.showWorkspaceMenu(pick.workspace);
    else if (pick?.command) await vscode.commands.executeCommand(pick.command, ...(pick.args ?? []));
  }

  private async pickForOne(workspace: Workspace): Promise<MenuItem | undefined> {
    const items: MenuItem[] = [
      { label: '$(search) Look Up Segment', command: COMMANDS.lookupSegment },
      { label: '$(refresh) Refresh Segments', command: COMMANDS.refreshSegments },
      { label: '$(server-environment) Select REST Endpoint', description: forIconLabel(workspace.instance), command: COMMANDS.selectEndpoint },
      { label: '$(add) Add Workspace…', description: 'another Braze workspace, e.g. Staging', command: COMMANDS.addWorkspace },
      { label: '$(key) Set API Key', command: COMMANDS.setApiKey },
      { label: '$(trash) Clear API Key', command: COMMANDS.clearApiKey },
      { label: '$(pulse) Test Connection', command: COMMANDS.testConnection },
      { label: '$(output) Show Log', command: COMMANDS.showLog },
    ];
    return vscode.window.showQuickPick(items, { title: `Braze ${forIconLabel(workspace.name)}` });
  }

  /** Each workspace with its key state and rate limit (picked: its own menu), then what concerns all. */
  private async pickForSeveral(all: readonly Workspace[]): Promise<MenuItem | undefined> {
    await Promise.all(all.map((workspace) => workspace.hasKey()));
    const now = Date.now();
    const items: MenuItem[] = [
      ...all.map((workspace) => ({
        label: `${workspace.keyState ? '$(server-environment)' : '$(key)'} ${forIconLabel(workspace.name)}`,
        description: forIconLabel(workspace.instance),
        detail: forIconLabel(healthOf(workspace, now).brief),
        workspace,
      })),
      { label: '', kind: vscode.QuickPickItemKind.Separator },
      { label: '$(add) Add Workspace…', command: COMMANDS.addWorkspace },
      { label: '$(search) Look Up Segment', description: 'in every workspace', command: COMMANDS.lookupSegment },
      { label: '$(refresh) Refresh Segments', description: 'of every workspace', command: COMMANDS.refreshSegments },
      { label: '$(pulse) Test Connection', command: COMMANDS.testConnection },
      { label: '$(output) Show Log', command: COMMANDS.showLog },
    ];
    return vscode.window.showQuickPick(items, { title: `Braze: ${all.length} workspaces`, placeHolder: 'Pick a workspace for its actions, or an action', matchOnDescription: true });
  }

  /** One workspace's actions; each command is told its name. */
  private async showWorkspaceMenu(workspace: Workspace): Promise<void> {
    const { name } = workspace;
    const hasKey = await workspace.hasKey();
    const items: MenuItem[] = [
      // braze.setApiKey takes a key first (tests, Add Workspace), then the workspace.
      { label: '$(key) Set API Key', description: hasKey ? 'replaces the stored key' : undefined, command: COMMANDS.setApiKey, args: [undefined, name] },
      ...(hasKey ? [{ label: '$(trash) Clear API Key', command: COMMANDS.clearApiKey, args: [name] }] : []),
      { label: '$(refresh) Refresh Segments', command: COMMANDS.refreshSegments, args: [name] },
      { label: '$(pulse) Test Connection', command: COMMANDS.testConnection, args: [name] },
      ...(workspace.dashboardUrl ? [{ label: '$(link-external) Open Braze Dashboard', command: COMMANDS.openDashboard, args: [name] }] : []),
      { label: '$(remove) Remove Workspace…', command: COMMANDS.removeWorkspace, args: [name] },
    ];
    const pick = await vscode.window.showQuickPick(items, { title: `Braze ${forIconLabel(workspace.label)}` });
    if (pick?.command) await vscode.commands.executeCommand(pick.command, ...(pick.args ?? []));
  }
}

/** Settings that could not be used are said in the tooltip, with a warning look. */
function withProblems(look: Look, problems: readonly string[]): Look {
  if (!problems.length) return look;
  return {
    text: look.text,
    tooltip: [...look.tooltip, ...problems.map(forPlainText)],
    label: `${look.label}; ${problems.length === 1 ? 'a setting needs' : `${problems.length} settings need`} attention`,
    background: look.background ?? 'warning',
  };
}

/** No usable workspace: select an instance, or why the one set cannot be used. */
function noWorkspaceLook(endpointProblem: string | undefined): Look {
  if (endpointProblem) {
    return { text: '$(error) Braze', tooltip: [`Braze: ${lowerFirst(forPlainText(endpointProblem))}`], label: 'Braze: REST endpoint not usable', background: 'error' };
  }
  return { text: '$(plug) Braze', tooltip: ['Braze: no REST endpoint set. Click to select your instance.'], label: 'Braze: no REST endpoint set' };
}

/**
 * Several, and the active folder's code targets one of them (`braze.workspace`): the item is that
 * one's, because what the folder's hovers need is that workspace; the others are in the tooltip.
 */
function namedLook([workspace, health]: [Workspace, Health], entries: ReadonlyArray<[Workspace, Health]>): Look {
  return {
    text: `${health.icon} Braze ${forIconLabel(workspace.name)}`,
    tooltip: [`Braze: this folder's code targets ${forPlainText(workspace.name)} (braze.workspace), one of ${entries.length} workspaces.`, ...briefLines(entries)],
    label: `Braze ${workspace.name}: ${health.state}; one of ${entries.length} workspaces`,
    background: health.background,
  };
}

/**
 * Several, and no folder names one: every workspace is asked for every id, so the item speaks for
 * all of them and takes the look of the one doing worst.
 */
function severalLook(entries: ReadonlyArray<[Workspace, Health]>): Look {
  const [worstWorkspace, worst] = entries.reduce((a, b) => (b[1].severity > a[1].severity ? b : a));
  return {
    text: `${worst.icon} Braze ${entries.length} workspaces`,
    tooltip: [`Braze: ${entries.length} workspaces. No braze.workspace names one for this folder, so hovers ask each in turn.`, ...briefLines(entries)],
    label: worst.severity > 0 ? `Braze: ${entries.length} workspaces; ${worstWorkspace.name}: ${worst.state}` : `Braze: ${entries.length} workspaces`,
    background: worst.background,
  };
}

function briefLines(entries: ReadonlyArray<[Workspace, Health]>): string[] {
  return entries.map(([workspace, health]) => forPlainText(`${workspace.name} · ${workspace.instance}: ${health.brief}`));
}

/** How `workspace` is doing, from its cached key state, its rate limit and its last request. */
function healthOf(workspace: Workspace, now: number): Health {
  const name = `Braze ${forPlainText(workspace.name)}`;
  if (!workspace.keyState) return { severity: 1, icon: '$(key)', lines: [`${name}: no API key set. Click to set it.`], state: 'no API key', brief: 'no API key' };
  const on = workspace.name === workspace.instance ? '' : ` on ${workspace.instance}`;
  const header = `${name}${on} (${workspace.endpoint}), API key set.`;
  const rateLimit = workspace.rateLimit;
  const left = requestsLeft(rateLimit);
  const budget = left ? `Rate limit: ${left}.` : undefined;
  const budgetBrief = left ? `; ${left}` : '';
  const blocked = blockedUntil(workspace, now);
  if (blocked) {
    const resume = `requests resume at ${formatClockTime(blocked)}`;
    return { severity: 4, icon: '$(warning)', background: 'warning', lines: [header, `Braze rate limit reached: ${resume}.`, ...listed(budget)], state: 'rate limit reached', brief: `API key set; rate limit reached, ${resume}`, wakeAt: blocked };
  }
  const last = workspace.lastOutcome;
  if (last && !last.ok) {
    const why = describeError(last.error, workspace.instance).message;
    const failed = `The last request failed at ${formatClockTime(last.at)}: ${why}`;
    return { severity: 5, icon: '$(error)', background: 'error', lines: [header, failed, ...listed(budget)], state: 'last request failed', brief: `API key set; last request failed at ${formatClockTime(last.at)}: ${why}${budgetBrief}` };
  }
  const paused = backgroundPausedUntil(rateLimit, now);
  if (paused) {
    const lines = [header, ...listed(budget), `Background refreshes are paused until ${formatClockTime(paused)}, so scripts and colleagues keep their share; what you ask for still goes.`];
    return { severity: 3, icon: '$(warning)', background: 'warning', lines, state: 'rate limit low, background refreshes paused', brief: `API key set; background refreshes paused until ${formatClockTime(paused)}${budgetBrief}`, wakeAt: paused };
  }
  if (isLow(rateLimit)) {
    const lines = [header, ...listed(budget), 'The workspace is close to its Braze rate limit: scripts and colleagues share it.'];
    return { severity: 2, icon: '$(warning)', background: 'warning', lines, state: 'rate limit low', brief: `API key set; rate limit low${budgetBrief}` };
  }
  if (!last) return { severity: 0, icon: '$(circle-large-outline)', lines: [header, 'No request sent to Braze yet in this window.', ...listed(budget)], state: 'key set, not used yet', brief: `API key set, not used yet${budgetBrief}` };
  const answered = `Braze answered at ${formatClockTime(last.at)}`;
  return { severity: 0, icon: '$(pass)', lines: [header, `${answered}.`, ...listed(budget)], state: 'connected', brief: `API key set; ${answered}${budgetBrief}` };
}

function listed(line: string | undefined): string[] {
  return line ? [line] : [];
}

/** "9,950 of 10,000 requests left this hour, resets at 14:05", once Braze said. */
function requestsLeft(rateLimit: RateLimit | undefined): string | undefined {
  const { remaining, limit, resetAt } = rateLimit ?? {};
  if (remaining === undefined) return undefined;
  const of = limit ? ` of ${limit.toLocaleString('en')}` : '';
  return `${remaining.toLocaleString('en')}${of} requests left this hour${resetAt ? `, resets at ${formatClockTime(resetAt)}` : ''}`;
}

/** A 429 that still holds, or a budget Braze says is used up. */
function blockedUntil(workspace: Workspace, now: number): Date | undefined {
  const last = workspace.lastOutcome;
  if (last && !last.ok && last.error.kind === 'rate-limited' && !last.error.paused) {
    const until = last.error.resetAt;
    if (until && until.getTime() > now) return until;
  }
  const { remaining, resetAt } = workspace.rateLimit ?? {};
  return remaining === 0 && resetAt && resetAt.getTime() > now ? resetAt : undefined;
}

function isLow(rateLimit: RateLimit | undefined): boolean {
  const { remaining, limit = DEFAULT_HOURLY_LIMIT } = rateLimit ?? {};
  return remaining !== undefined && remaining <= limit * LOW_BUDGET_SHARE;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
