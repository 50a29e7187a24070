// Reads the extension's settings. Read on every use, so a change applies without a reload.
import * as vscode from 'vscode';

const section = () => vscode.workspace.getConfiguration('braze');

export const ENDPOINT_SETTING = 'braze.restEndpoint';

export function endpointSetting(): string {
  // Only the user (global) value counts: the setting is application-scoped so that a workspace's
  // .vscode/settings.json cannot redirect the key, and this read enforces it even on hosts that don't.
  return section().inspect<string>('restEndpoint')?.globalValue?.trim() ?? '';
}

export async function writeEndpointSetting(endpoint: string): Promise<void> {
  await section().update('restEndpoint', endpoint, vscode.ConfigurationTarget.Global);
}

export function requestTimeoutMs(): number {
  return clamp(section().get<number>('requestTimeoutSeconds', 10), 1, 120) * 1000;
}

function readCacheTtlMs(): number {
  // braze.cache.minutes was braze.cache.ttlMinutes (shown as "Ttl Minutes"): the old key still
  // counts while the new one is not set anywhere.
  const config = section();
  const renamed = config.inspect<number>('cache.minutes');
  const isSet = [renamed?.globalValue, renamed?.workspaceValue, renamed?.workspaceFolderValue].some((value) => value !== undefined);
  const minutes = isSet ? config.get<number>('cache.minutes', 10) : config.get<number>('cache.ttlMinutes', 10);
  return clamp(minutes, 0, 1440) * 60_000;
}

/**
 * The settings read on hot paths (every cache lookup, every hover), kept in memory and forgotten
 * when they change. Owned by activate(), like everything with state.
 */
export class CachedSettings implements vscode.Disposable {
  private ttlMs: number | undefined;
  private hoverOn: boolean | undefined;
  private readonly subscription = vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration('braze.cache.minutes') || event.affectsConfiguration('braze.cache.ttlMinutes')) this.ttlMs = undefined;
    if (event.affectsConfiguration('braze.hover.enabled')) this.hoverOn = undefined;
  });

  readonly cacheTtlMs = (): number => (this.ttlMs ??= readCacheTtlMs());

  readonly hoverEnabled = (): boolean => (this.hoverOn ??= section().get<boolean>('hover.enabled', true));

  dispose(): void {
    this.subscription.dispose();
  }
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}

export type SegmentOrder = 'newest' | 'oldest' | 'name';

export function segmentOrder(): SegmentOrder {
  const value = section().get<string>('segments.sortOrder', 'newest');
  return value === 'oldest' || value === 'name' ? value : 'newest';
}

export async function writeSegmentOrder(order: SegmentOrder): Promise<void> {
  await section().update('segments.sortOrder', order, vscode.ConfigurationTarget.Global);
}

export function groupSegmentsByTag(): boolean {
  return section().get<boolean>('segments.groupByTag', false);
}

export async function writeGroupSegmentsByTag(grouped: boolean): Promise<void> {
  await section().update('segments.groupByTag', grouped, vscode.ConfigurationTarget.Global);
}
