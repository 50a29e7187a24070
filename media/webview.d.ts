// What the webview's scripts (media/*.js) find on their global object, typed with the host's own
// message types (src/ui/panel/protocol.ts): host and page share one definition of every message.
// Checked by `npm run check:webview` (media/jsconfig.json); not shipped in the .vsix.
/// <reference types="uplot" />
import type { FromWebview, PanelState } from '../src/ui/panel/protocol';

/** The handle VS Code gives the page (once): messages to the host, and the state kept while the panel is hidden. */
interface VsCodeApi {
  postMessage(message: FromWebview): void;
  /** What the page last passed to `setState`, or undefined on its first load. */
  getState(): PanelState | undefined;
  setState(state: PanelState): void;
}

declare global {
  function acquireVsCodeApi(): VsCodeApi;

  /** media/chartFormat.js, loaded before panel.js. */
  var brazeChartFormat: typeof import('./chartFormat.js');
}
