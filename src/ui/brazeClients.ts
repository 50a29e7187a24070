// Which Braze endpoint and key are in use, and a client for them. The client is rebuilt only when
// the endpoint, the key or the timeout changes, and a change empties the segment cache.
import * as vscode from 'vscode';
import { BrazeClient, type RequestLogEntry } from '../braze/client';
import { BrazeError } from '../braze/errors';
import { HttpTransport } from '../braze/http';
import type { NetworkConfig } from '../braze/network';
import { proxySecrets } from '../braze/proxy';
import { checkEndpoint, dashboardUrlFor, instanceLabel } from '../braze/instances';
import type { RateLimit } from '../braze/rateLimit';
import type { ApiKeyStore } from './apiKeyStore';
import type { BrazeLog } from './log';
import type { NetworkSettings } from './networkSettings';
import { ENDPOINT_SETTING, endpointSetting, requestTimeoutMs } from './settings';

export type EndpointState = { kind: 'unset' } | { kind: 'invalid'; reason: string } | { kind: 'ok'; endpoint: string };

export class Connection implements vscode.Disposable {
  // A true private field: the key it holds is out of reach of any other code in the extension host.
  #client: { client: BrazeClient; key: string; timeoutMs: number } | undefined;
  /** Every client of this window shares its connections (and its response size cap and network settings). */
  private readonly transport: HttpTransport;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly rateLimitChanged = new vscode.EventEmitter<RateLimit>();
  private readonly requested = new vscode.EventEmitter<RequestLogEntry>();
  private readonly disposables: vscode.Disposable[] = [];

  /** The endpoint or its key changed: data from before may belong to another workspace. */
  readonly onDidChange = this.changed.event;
  readonly onDidChangeRateLimit = this.rateLimitChanged.event;
  /** Each request the stored key's client sent, with its outcome. */
  readonly onDidRequest = this.requested.event;

  constructor(
    private readonly keys: ApiKeyStore,
    private readonly log: BrazeLog,
    network: NetworkSettings,
  ) {
    // Proxy, certificates and their changes: a change applies to the next request, and the old
    // connections close. The log is told the proxy's secrets so that no line can show them.
    const protect = (config: NetworkConfig) => proxySecrets(config).forEach((secret) => log.protect(secret));
    protect(network.current());
    this.transport = new HttpTransport({ network: network.current(), onNotice: ({ level, message }) => log[level](message) });
    this.disposables.push(
      network.onDidChange((config) => {
        protect(config);
        this.transport.configure(config);
      }),
      this.changed,
      this.rateLimitChanged,
      this.requested,
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(ENDPOINT_SETTING)) this.reset();
      }),
      keys.onDidChange((endpoint) => {
        if (endpoint === this.endpoint) this.reset();
      }),
    );
  }

  endpointState(): EndpointState {
    const raw = endpointSetting();
    if (!raw) return { kind: 'unset' };
    const check = checkEndpoint(raw);
    return check.ok ? { kind: 'ok', endpoint: check.endpoint } : { kind: 'invalid', reason: check.reason };
  }

  /** The configured endpoint when it is valid. */
  get endpoint(): string | undefined {
    const state = this.endpointState();
    return state.kind === 'ok' ? state.endpoint : undefined;
  }

  /** `US-03`, a custom host, or "Braze" when nothing is set. */
  get instance(): string {
    const endpoint = this.endpoint;
    return endpoint ? instanceLabel(endpoint) : 'Braze';
  }

  get dashboardUrl(): string | undefined {
    const endpoint = this.endpoint;
    return endpoint ? dashboardUrlFor(endpoint) : undefined;
  }

  async hasKey(): Promise<boolean> {
    const endpoint = this.endpoint;
    return endpoint !== undefined && (await this.keys.get(endpoint)) !== undefined;
  }

  /** A client for the configured endpoint and key; a `no-endpoint` or `no-key` BrazeError otherwise. */
  async connect(): Promise<BrazeClient> {
    const state = this.endpointState();
    if (state.kind === 'unset') throw new BrazeError('no-endpoint', 'No Braze REST endpoint is set. Select your Braze instance to continue.');
    if (state.kind === 'invalid') throw new BrazeError('no-endpoint', `The braze.restEndpoint setting is not usable: ${state.reason}`);
    const key = await this.keys.get(state.endpoint);
    if (!key) throw new BrazeError('no-key', `No API key is set for ${instanceLabel(state.endpoint)}.`);
    const timeoutMs = requestTimeoutMs();
    const current = this.#client;
    if (current && current.client.endpoint === state.endpoint && current.key === key && current.timeoutMs === timeoutMs) return current.client;
    const client = this.createClient(state.endpoint, key, timeoutMs, true);
    this.#client = { client, key, timeoutMs };
    return client;
  }

  /**
   * A client for a key that is not stored yet, to check it before saving. `inUse`: the client of
   * the stored key, whose outcomes tell the status bar how Braze is doing.
   */
  createClient(endpoint: string, key: string, timeoutMs = requestTimeoutMs(), inUse = false): BrazeClient {
    this.log.protect(key);
    return new BrazeClient({
      endpoint,
      apiKey: key,
      timeoutMs,
      transport: this.transport,
      onRequest: (entry) => {
        this.log.request(endpoint, entry);
        if (inUse) this.requested.fire(entry);
      },
      onRateLimit: (rateLimit) => this.rateLimitChanged.fire(rateLimit),
    });
  }

  private reset(): void {
    this.#client = undefined;
    this.changed.fire();
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
    void this.transport.close();
  }
}
