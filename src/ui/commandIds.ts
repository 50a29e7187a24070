// Command ids, shared by registrations, menus, buttons and tests. They are part of the contract
// users and keybindings rely on: keep them stable. The hover card's links name the same commands
// (src/segments/hoverCard.ts cannot import this UI module), so those are taken from there.
import * as vscode from 'vscode';
import { HOVER_COMMAND_IDS } from '../segments/hoverCard';
import type { FixAction } from '../segments/errorText';

export const COMMANDS = {
  setApiKey: 'braze.setApiKey',
  clearApiKey: 'braze.clearApiKey',
  addWorkspace: 'braze.addWorkspace',
  removeWorkspace: 'braze.removeWorkspace',
  selectEndpoint: 'braze.selectEndpoint',
  lookupSegment: 'braze.lookupSegment',
  showLog: 'braze.showLog',
  refreshSegments: 'braze.refreshSegments',
  openSegment: HOVER_COMMAND_IDS.openSegment,
  copySegmentId: HOVER_COMMAND_IDS.copySegmentId,
  copySegmentName: HOVER_COMMAND_IDS.copySegmentName,
  copySegmentMarkdownLink: HOVER_COMMAND_IDS.copySegmentMarkdownLink,
  revealSegment: HOVER_COMMAND_IDS.revealSegment,
  insertSegmentId: 'braze.insertSegmentId',
  openDashboard: HOVER_COMMAND_IDS.openDashboard,
  filterSegments: 'braze.filterSegments',
  clearSegmentFilter: 'braze.clearSegmentFilter',
  groupSegmentsByTag: 'braze.groupSegmentsByTag',
  ungroupSegments: 'braze.ungroupSegments',
  sortSegments: 'braze.sortSegments',
  showMoreSegments: 'braze.showMoreSegments',
  statusBarMenu: 'braze.statusBarMenu',
  retrySegment: HOVER_COMMAND_IDS.retrySegment,
  testConnection: HOVER_COMMAND_IDS.testConnection,
  getStarted: 'braze.getStarted',
  openExampleSegmentId: 'braze.openExampleSegmentId',
} as const;

/** The command behind a fix button; `retry` is the caller's own. */
export const FIX_COMMANDS: Record<Exclude<FixAction, 'retry'>, string> = {
  selectEndpoint: COMMANDS.selectEndpoint,
  setApiKey: COMMANDS.setApiKey,
  showLog: COMMANDS.showLog,
  testConnection: COMMANDS.testConnection,
};

/** The fix buttons' labels: getters, so that each is translated when read (after activation). */
export const FIX_LABELS: Readonly<Record<FixAction, string>> = {
  get selectEndpoint() {
    return vscode.l10n.t('Select REST Endpoint');
  },
  get setApiKey() {
    return vscode.l10n.t('Set API Key');
  },
  get showLog() {
    return vscode.l10n.t('Show Log');
  },
  get retry() {
    return vscode.l10n.t({ message: 'Retry', args: [], comment: ['Button: asks Braze again'] });
  },
  get testConnection() {
    return vscode.l10n.t('Test Connection');
  },
};
