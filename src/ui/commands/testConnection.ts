// Braze: Test Connection. Runs every step support would ask about (src/braze/connectionTest.ts) over
// fresh connections with the current network settings, writes the report to the Braze log, and sums
// it up in a notification with Show Log. Returns the report, for tests.
import * as vscode from 'vscode';
import { type ConnectionReport, reportLines, runConnectionTest } from '../../braze/connectionTest';
import { HttpTransport } from '../../braze/http';
import type { ApiKeyStore } from '../apiKeyStore';
import { COMMANDS } from '../commandIds';
import type { BrazeLog } from '../log';
import type { NetworkSettings } from '../networkSettings';
import { showError, showInfo, showWarning } from '../notify';
import type { Settings } from '../settings';
import type { Workspaces } from '../workspaces';
import { pickWorkspace } from './pickWorkspace';

export interface TestConnectionDeps {
  workspaces: Workspaces;
  keys: ApiKeyStore;
  network: NetworkSettings;
  settings: Settings;
  log: BrazeLog;
}

/** `workspaceName` (a tree row, a menu, a test) skips the pick when there are several workspaces. */
export async function testConnection(deps: TestConnectionDeps, workspaceName?: unknown): Promise<ConnectionReport | undefined> {
  const { workspaces, settings, log } = deps;
  if (!workspaces.all.length) {
    const detail = workspaces.endpointProblem ?? vscode.l10n.t('no Braze workspace is set up: run Braze: Select REST Endpoint');
    const report: ConnectionReport = { endpoint: '(none)', steps: [{ name: 'Endpoint', status: 'fail', detail }], ok: false, summary: vscode.l10n.t('Nothing to test: {0}.', detail.replace(/\.$/, '')) };
    write(log, report);
    void showError(report.summary, vscode.l10n.t('Select REST Endpoint')).then((choice) => choice && vscode.commands.executeCommand(COMMANDS.selectEndpoint));
    return report;
  }
  const workspace = await pickWorkspace(workspaces, vscode.l10n.t('Test the Connection to…'), workspaceName);
  if (!workspace) return undefined;
  const { endpoint } = workspace;
  const key = await deps.keys.get(workspace.keyId);
  if (key) log.protect(key);
  // Fresh connections, as a new window would make them: nothing reused from the live pool hides a
  // proxy or certificate problem.
  const transport = new HttpTransport({ network: deps.network.current() });
  try {
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Testing the connection to {0}…', workspace.label), cancellable: true },
      (_progress, token) => {
        const cancel = new AbortController();
        token.onCancellationRequested(() => cancel.abort());
        return runConnectionTest({
          endpoint,
          key,
          transport,
          timeoutMs: settings.requestTimeoutMs,
          signal: cancel.signal,
          onRequest: (entry) => log.request(endpoint, entry),
        });
      },
    );
    write(log, report);
    const warned = report.steps.some((step) => step.status === 'warn');
    const show = report.ok ? (warned ? showWarning : showInfo) : showError;
    const showLog = vscode.l10n.t('Show Log');
    void show(report.summary, showLog).then((choice) => choice === showLog && log.show());
    return report;
  } finally {
    void transport.close();
  }
}

function write(log: BrazeLog, report: ConnectionReport): void {
  const [header, ...rest] = reportLines(report);
  log.info(header);
  rest.forEach((line, i) => {
    const status = report.steps[i]?.status;
    if (status === 'fail' || (i === rest.length - 1 && !report.ok)) log.error(line);
    else if (status === 'warn') log.warn(line);
    else log.info(line);
  });
}
