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
  /** For the accessible label: "key set, connected", "no API key", … */
  state: string;
  /** For the accessible label: "3,412 of 5,000 requests left this hour", once Braze said. */
  budget?: string;
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
    this.item.tooltip = [...look.tooltip, vscode.l10n.t('Click for Braze actions.')].join('\n');
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
      return { text: `${health.icon} Braze ${forIconLabel(workspace.name)}`, tooltip: health.lines, label: accessibleLabel(workspace, health), background: health.background };
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
      { label: vscode.l10n.t('$(search) Look Up Segment'), command: COMMANDS.lookupSegment },
      { label: vscode.l10n.t('$(refresh) Refresh Segments'), command: COMMANDS.refreshSegments },
      { label: vscode.l10n.t('$(server-environment) Select REST Endpoint'), description: forIconLabel(workspace.instance), command: COMMANDS.selectEndpoint },
      { label: vscode.l10n.t('$(add) Add Workspace…'), description: vscode.l10n.t('another Braze workspace, e.g. Staging'), command: COMMANDS.addWorkspace },
      { label: vscode.l10n.t('$(key) Set API Key'), command: COMMANDS.setApiKey },
      { label: vscode.l10n.t('$(trash) Clear API Key'), command: COMMANDS.clearApiKey, args: [workspace.name] },
      { label: vscode.l10n.t('$(pulse) Test Connection'), command: COMMANDS.testConnection },
      { label: vscode.l10n.t('$(output) Show Log'), command: COMMANDS.showLog },
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
      { label: vscode.l10n.t('$(add) Add Workspace…'), command: COMMANDS.addWorkspace },
      { label: vscode.l10n.t('$(search) Look Up Segment'), description: vscode.l10n.t('in every workspace'), command: COMMANDS.lookupSegment },
      { label: vscode.l10n.t('$(refresh) Refresh Segments'), description: vscode.l10n.t('of every workspace'), command: COMMANDS.refreshSegments },
      { label: vscode.l10n.t('$(pulse) Test Connection'), command: COMMANDS.testConnection },
      { label: vscode.l10n.t('$(output) Show Log'), command: COMMANDS.showLog },
    ];
    return vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Braze: {0} workspaces', all.length),
      placeHolder: vscode.l10n.t('Pick a workspace for its actions, or an action'),
      matchOnDescription: true,
    });
  }

  /** One workspace's actions; each command is told its name. */
  private async showWorkspaceMenu(workspace: Workspace): Promise<void> {
    const { name } = workspace;
    const hasKey = await workspace.hasKey();
    const items: MenuItem[] = [
      // braze.setApiKey takes a key first (tests, Add Workspace), then the workspace.
      { label: vscode.l10n.t('$(key) Set API Key'), description: hasKey ? vscode.l10n.t('replaces the stored key') : undefined, command: COMMANDS.setApiKey, args: [undefined, name] },
      ...(hasKey ? [{ label: vscode.l10n.t('$(trash) Clear API Key'), command: COMMANDS.clearApiKey, args: [name] }] : []),
      { label: vscode.l10n.t('$(refresh) Refresh Segments'), command: COMMANDS.refreshSegments, args: [name] },
      { label: vscode.l10n.t('$(pulse) Test Connection'), command: COMMANDS.testConnection, args: [name] },
      ...(workspace.dashboardUrl ? [{ label: vscode.l10n.t('$(link-external) Open Braze Dashboard'), command: COMMANDS.openDashboard, args: [name] }] : []),
      { label: vscode.l10n.t('$(remove) Remove Workspace…'), command: COMMANDS.removeWorkspace, args: [name] },
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
    label: problems.length === 1 ? vscode.l10n.t('{0}; a setting needs attention', look.label) : vscode.l10n.t('{0}; {1} settings need attention', look.label, problems.length),
    background: look.background ?? 'warning',
  };
}

/** No usable workspace: select an instance, or why the one set cannot be used. */
function noWorkspaceLook(endpointProblem: string | undefined): Look {
  if (endpointProblem) {
    return { text: '$(error) Braze', tooltip: [`Braze: ${lowerFirst(forPlainText(endpointProblem))}`], label: vscode.l10n.t('Braze: REST endpoint not usable'), background: 'error' };
  }
  return { text: '$(plug) Braze', tooltip: [vscode.l10n.t('Braze: no REST endpoint set. Click to select your instance.')], label: vscode.l10n.t('Braze: no REST endpoint set') };
}

/**
 * Several, and the active folder's code targets one of them (`braze.workspace`): the item is that
 * one's, because what the folder's hovers need is that workspace; the others are in the tooltip.
 */
function namedLook([workspace, health]: [Workspace, Health], entries: ReadonlyArray<[Workspace, Health]>): Look {
  return {
    text: `${health.icon} Braze ${forIconLabel(workspace.name)}`,
    tooltip: [vscode.l10n.t("Braze: this folder's code targets {0} (braze.workspace), one of {1} workspaces.", forPlainText(workspace.name), entries.length), ...briefLines(entries)],
    label: vscode.l10n.t('{0}; one of {1} workspaces', accessibleLabel(workspace, health), entries.length),
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
    text: `${worst.icon} ${vscode.l10n.t('Braze {0} workspaces', entries.length)}`,
    tooltip: [vscode.l10n.t('Braze: {0} workspaces. No braze.workspace names one for this folder, so hovers ask each in turn.', entries.length), ...briefLines(entries)],
    label:
      worst.severity > 0
        ? vscode.l10n.t('Braze: {0} workspaces; {1}: {2}', entries.length, forPlainText(worstWorkspace.name), worst.state)
        : vscode.l10n.t('Braze: {0} workspaces', entries.length),
    background: worst.background,
  };
}

function briefLines(entries: ReadonlyArray<[Workspace, Health]>): string[] {
  return entries.map(([workspace, health]) => forPlainText(`${workspace.name} · ${workspace.instance}: ${health.brief}`));
}

/** How `workspace` is doing, from its cached key state, its rate limit and its last request. */
function healthOf(workspace: Workspace, now: number): Health {
  const name = `Braze ${forPlainText(workspace.name)}`;
  if (!workspace.keyState) {
    return { severity: 1, icon: '$(key)', lines: [vscode.l10n.t('{0}: no API key set. Click to set it.', name)], state: vscode.l10n.t('no API key'), brief: vscode.l10n.t('no API key') };
  }
  const header =
    workspace.name === workspace.instance
      ? vscode.l10n.t('{0} ({1}), API key set.', name, workspace.endpoint)
      : vscode.l10n.t('{0} on {1} ({2}), API key set.', name, workspace.instance, workspace.endpoint);
  const rateLimit = workspace.rateLimit;
  const left = requestsLeft(rateLimit);
  const budget = left ? vscode.l10n.t('Rate limit: {0}.', left) : undefined;
  /** The brief line, with what is left of the hour's budget when Braze said. */
  const withBudget = (brief: string) => (left ? vscode.l10n.t('{0}; {1}', brief, left) : brief);
  const remaining = requestsRemaining(rateLimit);
  const blocked = blockedUntil(workspace, now);
  if (blocked) {
    const resume = vscode.l10n.t('requests resume at {0}', formatClockTime(blocked));
    return {
      severity: 4,
      icon: '$(warning)',
      background: 'warning',
      lines: [header, vscode.l10n.t('Braze rate limit reached: {0}.', resume), ...listed(budget)],
      state: vscode.l10n.t('key set, rate limit reached, {0}', resume),
      brief: vscode.l10n.t('API key set; rate limit reached, {0}', resume),
      wakeAt: blocked,
    };
  }
  const last = workspace.lastOutcome;
  if (last && !last.ok) {
    const why = describeError(last.error, workspace.instance).message;
    const at = formatClockTime(last.at);
    return {
      severity: 5,
      icon: '$(error)',
      background: 'error',
      lines: [header, vscode.l10n.t('The last request failed at {0}: {1}', at, why), ...listed(budget)],
      state: vscode.l10n.t('key set, last request failed'),
      budget: remaining,
      brief: withBudget(vscode.l10n.t('API key set; last request failed at {0}: {1}', at, why)),
    };
  }
  const paused = backgroundPausedUntil(rateLimit, now);
  if (paused) {
    const until = formatClockTime(paused);
    const lines = [header, ...listed(budget), vscode.l10n.t('Background refreshes are paused until {0}, so scripts and colleagues keep their share; what you ask for still goes.', until)];
    return {
      severity: 3,
      icon: '$(warning)',
      background: 'warning',
      lines,
      state: vscode.l10n.t('key set, rate limit low, background refreshes paused'),
      budget: remaining,
      brief: withBudget(vscode.l10n.t('API key set; background refreshes paused until {0}', until)),
      wakeAt: paused,
    };
  }
  if (isLow(rateLimit)) {
    const lines = [header, ...listed(budget), vscode.l10n.t('The workspace is close to its Braze rate limit: scripts and colleagues share it.')];
    return { severity: 2, icon: '$(warning)', background: 'warning', lines, state: vscode.l10n.t('key set, rate limit low'), budget: remaining, brief: withBudget(vscode.l10n.t('API key set; rate limit low')) };
  }
  if (!last) {
    const lines = [header, vscode.l10n.t('No request sent to Braze yet in this window.'), ...listed(budget)];
    return { severity: 0, icon: '$(circle-large-outline)', lines, state: vscode.l10n.t('key set, not used yet'), budget: remaining, brief: withBudget(vscode.l10n.t('API key set, not used yet')) };
  }
  const answered = vscode.l10n.t('Braze answered at {0}', formatClockTime(last.at));
  const lines = [header, `${answered}.`, ...listed(budget)];
  return { severity: 0, icon: '$(pass)', lines, state: vscode.l10n.t('key set, connected'), budget: remaining, brief: withBudget(vscode.l10n.t('API key set; {0}', answered)) };
}

/**
 * What a screen reader says for one workspace: "Braze: Production, key set, connected, 3,412 of
 * 5,000 requests left this hour".
 */
function accessibleLabel(workspace: Workspace, health: Health): string {
  const label = vscode.l10n.t('Braze: {0}, {1}', workspace.name, health.state);
  return health.budget ? vscode.l10n.t('{0}, {1}', label, health.budget) : label;
}

function listed(line: string | undefined): string[] {
  return line ? [line] : [];
}

/** "9,950 of 10,000 requests left this hour, resets at 14:05", once Braze said. */
function requestsLeft(rateLimit: RateLimit | undefined): string | undefined {
  const left = requestsRemaining(rateLimit);
  const resetAt = rateLimit?.resetAt;
  if (!left || !resetAt) return left;
  return vscode.l10n.t('{0}, resets at {1}', left, formatClockTime(resetAt));
}

/** "9,950 of 10,000 requests left this hour", once Braze said. */
function requestsRemaining(rateLimit: RateLimit | undefined): string | undefined {
  const { remaining, limit } = rateLimit ?? {};
  if (remaining === undefined) return undefined;
  const count = remaining.toLocaleString('en');
  return limit ? vscode.l10n.t('{0} of {1} requests left this hour', count, limit.toLocaleString('en')) : vscode.l10n.t('{0} requests left this hour', count);
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
