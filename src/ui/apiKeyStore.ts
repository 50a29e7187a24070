// The REST API key lives only in SecretStorage, one per endpoint: switching instance never sends one
// workspace's key to another instance.
import * as vscode from 'vscode';

const PREFIX = 'braze.apiKey:';

export class ApiKeyStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string>();
  private readonly subscription: vscode.Disposable;

  /** Fires with the endpoint whose key was set or removed, here or in another window. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((event) => {
      if (event.key.startsWith(PREFIX)) this.changed.fire(event.key.slice(PREFIX.length));
    });
  }

  async get(endpoint: string): Promise<string | undefined> {
    return (await this.secrets.get(PREFIX + endpoint)) || undefined;
  }

  async set(endpoint: string, key: string): Promise<void> {
    await this.secrets.store(PREFIX + endpoint, key);
  }

  async delete(endpoint: string): Promise<void> {
    await this.secrets.delete(PREFIX + endpoint);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
