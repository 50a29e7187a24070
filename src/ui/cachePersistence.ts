// Keeps fetched segment details across window reloads, so reopening VS Code doesn't spend the Braze
// API budget again. The snapshot is scoped to the endpoint and saved at most every few seconds.
import * as vscode from 'vscode';
import type { SegmentService } from '../segments/segmentService';
import type { Connection } from './connection';

const STATE_KEY = 'braze.segmentCache';
const SAVE_DELAY_MS = 2000;

export class CachePersistence implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly service: SegmentService,
    private readonly connection: Connection,
  ) {
    service.restore(memento.get(STATE_KEY), connection.endpoint);
    this.subscription = service.onDidChangeSnapshot(() => this.scheduleSave());
  }

  private scheduleSave(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.save();
    }, SAVE_DELAY_MS);
  }

  async save(): Promise<void> {
    await this.memento.update(STATE_KEY, this.service.snapshot(this.connection.endpoint));
  }

  dispose(): void {
    this.subscription.dispose();
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      void this.save();
    }
  }
}
