// The "Braze" log: one line per request, so a user can see what was asked and what came back.
// It never receives headers; as a second guard, every line is scrubbed of any key the store knows.
import * as vscode from 'vscode';
import type { RequestLogEntry } from '../braze/client';

export class BrazeLog implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  private readonly secrets = new Set<string>();

  constructor() {
    this.channel = vscode.window.createOutputChannel('Braze', { log: true });
  }

  /** Remembers a secret so that no line can ever show it. */
  protect(secret: string): void {
    if (secret.length >= 4) this.secrets.add(secret);
  }

  info(message: string): void {
    this.channel.info(this.scrub(message));
  }

  warn(message: string): void {
    this.channel.warn(this.scrub(message));
  }

  error(message: string): void {
    this.channel.error(this.scrub(message));
  }

  request(endpoint: string, entry: RequestLogEntry): void {
    const status = entry.status ?? entry.error?.kind ?? 'no answer';
    const remaining = entry.rateLimit?.remaining;
    const budget = remaining === undefined ? '' : `, rate limit ${remaining} left`;
    const line = `${entry.method} ${endpoint}${entry.path} → ${status} in ${entry.durationMs} ms${budget}`;
    if (entry.error && entry.error.kind !== 'not-found') this.warn(`${line}: ${entry.error.message}`);
    else this.info(line);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }

  private scrub(text: string): string {
    let clean = text;
    for (const secret of this.secrets) clean = clean.split(secret).join('<api key>');
    return clean;
  }
}
