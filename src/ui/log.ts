// The "Braze" log: one line per request, so a user can see what was asked and what came back.
// It never receives headers; as a second guard, every line is scrubbed of any key it was told about
// and of anything shaped like a credential, and flattened to one line (a server's message cannot
// forge log lines).
import * as vscode from 'vscode';
import type { RequestLogEntry } from '../braze/client';
import type { BrazeError } from '../braze/errors';
import { flatten, redactSecrets } from '../braze/untrusted';
import { Disposable } from '../common/lifecycle';

export class BrazeLog extends Disposable {
  readonly channel: vscode.LogOutputChannel;
  // A true private field: the keys it holds are out of reach of any other code in the extension host.
  readonly #secrets = new Set<string>();

  constructor() {
    super();
    this.channel = this._register(vscode.window.createOutputChannel('Braze', { log: true }));
  }

  /** Remembers a secret so that no line can ever show it. */
  protect(secret: string): void {
    if (secret.length >= 4) this.#secrets.add(secret);
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
    // eslint-disable-next-line no-restricted-syntax -- log lines stay English
    const status = entry.status ?? entry.error?.kind ?? 'no answer';
    const remaining = entry.rateLimit?.remaining;
    // eslint-disable-next-line no-restricted-syntax -- log lines stay English
    const budget = remaining === undefined ? '' : `, rate limit ${remaining} left`;
    const line = `${entry.method} ${endpoint}${entry.path} → ${status} in ${entry.durationMs} ms${budget}`;
    if (entry.error?.kind === 'internal') this.unexpected(entry.error, line);
    else if (entry.error && entry.error.kind !== 'not-found') this.warn(`${line}: ${entry.error.message}`);
    else this.info(line);
  }

  /** A bug of ours: its message and stack, so that a report can say where it happened. */
  // eslint-disable-next-line no-restricted-syntax -- log lines stay English
  unexpected(error: BrazeError, context = 'Unexpected error'): void {
    const cause = error.cause instanceof Error ? error.cause : undefined;
    const stack = cause?.stack ?? error.stack ?? '';
    this.channel.error(`${this.scrub(`${context}: ${error.message}`)}\n${this.scrub(stack, false)}`);
  }

  show(): void {
    this.channel.show(true);
  }

  /** Secrets out first (before anything can cut one in half), then one line unless it is a stack. */
  private scrub(text: string, oneLine = true): string {
    const clean = redactSecrets(text, [...this.#secrets]);
    return oneLine ? flatten(clean) : clean;
  }
}
