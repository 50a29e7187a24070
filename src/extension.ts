// Wires the extension together; nothing here does work of its own. Nothing slow runs at activation:
// no request is made until a command, a hover or a view asks for data.
import * as vscode from 'vscode';
import { closeHttpPools } from './braze/http';
import { SegmentService } from './segments/segmentService';
import { ApiKeyStore } from './ui/apiKeyStore';
import { COMMANDS } from './ui/commandIds';
import { clearApiKey, setApiKey } from './ui/commands/apiKey';
import { lookupSegment } from './ui/commands/lookupSegment';
import { selectEndpoint } from './ui/commands/selectEndpoint';
import { Connection } from './ui/connection';
import { BrazeLog } from './ui/log';
import { SegmentPanels } from './ui/panel/segmentPanels';
import { cacheTtlMs } from './ui/settings';

/** What activate() returns: handles for the integration tests, not a public API. */
export interface BrazeSegmentsApi {
  service: SegmentService;
  panels: SegmentPanels;
  connection: Connection;
  keys: ApiKeyStore;
  log: BrazeLog;
  /** Where the "Braze" log file is written. */
  logUri: vscode.Uri;
}

export function activate(context: vscode.ExtensionContext): BrazeSegmentsApi {
  const log = new BrazeLog();
  const keys = new ApiKeyStore(context.secrets);
  const connection = new Connection(keys, log);
  const service = new SegmentService({ connect: () => connection.connect(), ttlMs: cacheTtlMs });
  const mediaRoot = vscode.Uri.joinPath(context.extensionUri, 'media');
  const panels = new SegmentPanels({ service, connection, mediaRoot });

  context.subscriptions.push(
    log,
    keys,
    connection,
    service,
    panels,
    connection.onDidChange(() => service.clear()),
    vscode.commands.registerCommand(COMMANDS.selectEndpoint, (url?: string) => selectEndpoint(connection, url)),
    vscode.commands.registerCommand(COMMANDS.setApiKey, (key?: string) => setApiKey(connection, keys, key)),
    vscode.commands.registerCommand(COMMANDS.clearApiKey, () => clearApiKey(connection, keys)),
    vscode.commands.registerCommand(COMMANDS.lookupSegment, (id?: unknown) => lookupSegment(connection, panels, id)),
    vscode.commands.registerCommand(COMMANDS.showLog, () => log.show()),
  );
  return { service, panels, connection, keys, log, logUri: context.logUri };
}

export async function deactivate(): Promise<void> {
  await closeHttpPools();
}
