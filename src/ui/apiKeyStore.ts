// The REST API keys live only in SecretStorage, one per workspace, each in its slot (`keyIdFor`):
// a slot names its endpoint, so no key is ever sent to another instance.
import type * as vscode from 'vscode';
import { Emitter, type Event } from '../common/events';
import { Disposable } from '../common/lifecycle';

const PREFIX = 'braze.apiKey:';

export class ApiKeyStore extends Disposable {
  private readonly changed = this._register(new Emitter<string>());

  /**
   * Fires with the slot whose key was set or removed: at once for this window's changes, and again
   * when SecretStorage reports them (as it does for other windows' too).
   */
  readonly onDidChange: Event<string> = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage) {
    super();
    this._register(
      secrets.onDidChange((event) => {
        if (event.key.startsWith(PREFIX)) this.changed.fire(event.key.slice(PREFIX.length));
      }),
    );
  }

  async get(keyId: string): Promise<string | undefined> {
    return (await this.secrets.get(PREFIX + keyId)) || undefined;
  }

  async set(keyId: string, key: string): Promise<void> {
    await this.secrets.store(PREFIX + keyId, key);
    this.changed.fire(keyId);
  }

  async delete(keyId: string): Promise<void> {
    await this.secrets.delete(PREFIX + keyId);
    this.changed.fire(keyId);
  }
}
