// One detail panel per segment id: opening an id that already has a panel reveals it.
import * as vscode from 'vscode';
import { SegmentPanel, type SegmentPanelDeps } from './segmentPanel';
import { isValidSegmentId } from '../../braze/segmentId';
import { panelTitle } from '../../segments/segmentView';

export const SEGMENT_PANEL_VIEW_TYPE = 'braze.segmentDetails';

export class SegmentPanels implements vscode.Disposable, vscode.WebviewPanelSerializer<{ id?: unknown }> {
  private readonly panels = new Map<string, SegmentPanel>();

  constructor(private readonly deps: SegmentPanelDeps) {}

  get(id: string): SegmentPanel | undefined {
    return this.panels.get(id);
  }

  /**
   * Opens (or reveals, in the column it is in) the panel of `id` and starts loading it; `loaded`
   * settles when it shows the outcome.
   */
  show(id: string, options: { refresh?: boolean } = {}): { panel: SegmentPanel; loaded: Promise<void> } {
    const existing = this.panels.get(id);
    if (existing) {
      existing.reveal();
      return { panel: existing, loaded: existing.load(options.refresh ?? false) };
    }
    const cached = this.deps.service.peek(id);
    const webviewPanel = vscode.window.createWebviewPanel(
      SEGMENT_PANEL_VIEW_TYPE,
      panelTitle(cached?.kind === 'found' ? cached.details : undefined, id),
      // Beside the code the id came from, so both stay in view. With no text editor active (opened
      // from another panel, or with no file open) it takes the active group instead.
      { viewColumn: vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active, preserveFocus: false },
    );
    const panel = this.adopt(webviewPanel, id);
    return { panel, loaded: panel.load(options.refresh ?? false) };
  }

  /** Restores a panel after a window reload, from the state its webview saved. */
  async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: { id?: unknown } | undefined): Promise<void> {
    const id = typeof state?.id === 'string' && isValidSegmentId(state.id) ? state.id : undefined;
    if (!id || this.panels.has(id)) {
      webviewPanel.dispose();
      return;
    }
    void this.adopt(webviewPanel, id).load(false);
  }

  private adopt(webviewPanel: vscode.WebviewPanel, id: string): SegmentPanel {
    const panel = new SegmentPanel(webviewPanel, id, this.deps);
    this.panels.set(id, panel);
    panel.onDidDispose(() => {
      if (this.panels.get(id) === panel) this.panels.delete(id);
    });
    return panel;
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
  }
}
