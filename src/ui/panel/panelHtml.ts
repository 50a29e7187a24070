// The detail panel's page: a fixed skeleton with a strict CSP. No segment data is ever put in this
// HTML; it arrives later by postMessage and media/panel.js renders it as text.
import * as vscode from 'vscode';

export function panelHtml(webview: vscode.Webview, mediaRoot: vscode.Uri, webviewRoot: vscode.Uri): string {
  // Web Crypto is global in the extension host; importing node:crypto would cost ~10 ms at load.
  const nonce = Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(18))).toString('base64');
  const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, name)).toString();
  const library = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, name)).toString();
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  /* eslint-disable no-restricted-syntax -- markup: its two texts go through l10n.t */
  return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${library('uPlot.min.css')}">
<link rel="stylesheet" href="${asset('panel.css')}">
<title>${escapeHtml(vscode.l10n.t('Braze segment'))}</title>
</head>
<body>
<main id="root" aria-live="polite"><p class="muted">${escapeHtml(vscode.l10n.t('Loading…'))}</p></main>
<script nonce="${nonce}" src="${library('uPlot.iife.min.js')}"></script>
<script nonce="${nonce}" src="${asset('chartFormat.js')}"></script>
<script nonce="${nonce}" src="${asset('panel.js')}"></script>
</body>
</html>`;
  /* eslint-enable no-restricted-syntax */
}

/** Our own translated words, as HTML text: a translation is never markup. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
