// Driving the VS Code workbench (code-server's web UI) like a person: the command palette, input
// boxes, notification toasts, and the webview iframes of a panel. Every helper waits for the state it
// needs on screen (a row, a title, a toast), never for a fixed time.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';

const QUICK_INPUT = '.quick-input-widget';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function quickInput(page: Page) {
  const widget = page.locator(QUICK_INPUT);
  return {
    widget,
    input: widget.locator('.quick-input-box input'),
    title: widget.locator('.quick-input-title'),
    message: widget.locator('.quick-input-message'),
    focusedRow: widget.locator('.quick-input-list .monaco-list-row.focused'),
  };
}

/** Opens the workbench on `url` and waits until the explorer lists `file` of the opened folder. */
export async function openWorkbench(page: Page, url: string, file: string): Promise<void> {
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor();
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: file }).waitFor();
}

/** Opens `file` from the explorer, as a click would, and waits for its text in the editor. */
export async function openFile(page: Page, file: string, expectText: string): Promise<Locator> {
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: file }).click();
  const line = page.locator('.editor-instance .monaco-editor .view-lines .view-line', { hasText: expectText }).first();
  await line.waitFor();
  return line;
}

/**
 * F1, types the command's title, waits until the palette's focused (first) row is that command and
 * presses Enter. A contributed command appears once the workbench has read the installed extensions;
 * if the palette was opened before that, it is closed and opened again. Right after a webview panel
 * opened or got focus back, the webview can take the focus a moment later (the palette then closes at
 * once) or swallow the F1: the palette is opened again then, as a person would.
 */
export async function runCommand(page: Page, title: string): Promise<void> {
  const q = quickInput(page);
  for (let attempt = 1; ; attempt++) {
    const last = attempt >= 4;
    try {
      await page.keyboard.press('F1');
      await q.input.waitFor({ state: 'visible', timeout: last ? 30_000 : 5_000 });
      await q.input.fill(`>${title}`, { timeout: last ? 30_000 : 5_000 });
      // A longer title with the same words ("Focus on Segments in Code View" for "Focus on Segments
      // View") may rank first: the row that is exactly the command is focused with the arrow keys.
      const exact = q.widget.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(title)}\\s*$`) }) });
      await exact.first().waitFor({ state: 'visible', timeout: last ? 30_000 : 5_000 });
      for (let down = 0; down < 10 && !(await exact.and(q.focusedRow).count()); down++) await page.keyboard.press('ArrowDown');
      await exact.and(q.focusedRow).waitFor({ state: 'visible', timeout: last ? 30_000 : 5_000 });
      break;
    } catch (error) {
      if (last) throw error;
      if (await q.widget.isVisible()) {
        await page.keyboard.press('Escape');
        await q.widget.waitFor({ state: 'hidden' });
      }
    }
  }
  await page.keyboard.press('Enter');
}

/** Waits for an input box titled `title` (after a command opened it) and returns its input. */
export async function waitForInputBox(page: Page, title: string | RegExp): Promise<Locator> {
  const q = quickInput(page);
  await q.title.filter({ hasText: title }).waitFor({ state: 'visible' });
  await q.input.waitFor({ state: 'visible' });
  return q.input;
}

/** Replaces the input box's text with `value`, presses Enter and waits until the box is gone. */
export async function submitInputBox(page: Page, value?: string): Promise<void> {
  const q = quickInput(page);
  if (value !== undefined) {
    await q.input.fill(value);
    await q.input.evaluate((input, expected) => {
      if ((input as { value?: string }).value !== expected) throw new Error('the input box did not take the text');
    }, value);
  }
  await page.keyboard.press('Enter');
  await q.widget.waitFor({ state: 'hidden' });
}

/** Waits until the quick pick's focused row shows `text` (the row Enter would accept). */
export async function waitForFocusedRow(page: Page, text: string | RegExp): Promise<void> {
  await quickInput(page).focusedRow.filter({ hasText: text }).waitFor({ state: 'visible' });
}

/** A notification toast containing `text`, once it is on screen. */
export async function waitForToast(page: Page, text: string | RegExp, timeout = 30_000): Promise<Locator> {
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  await toast.waitFor({ state: 'visible', timeout });
  return toast;
}

/** Closes every notification toast on screen, so the next one found is new. */
export async function clearNotifications(page: Page): Promise<void> {
  await runCommand(page, 'Notifications: Clear All Notifications');
  await page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'detached' });
}

/**
 * The content of the visible webview: VS Code puts each webview in `iframe.webview` (which gets
 * `ready` once loaded), and the extension's page in the `iframe#active-frame` inside it.
 */
export function webviewFrame(page: Page): FrameLocator {
  return page.locator('iframe.webview.ready').filter({ visible: true }).contentFrame().locator('iframe#active-frame').contentFrame();
}

/** The active editor tab's label. */
export function activeTab(page: Page): Locator {
  return page.locator('.tabs-container .tab.active');
}

export async function screenshot(page: Page, dir: string, name: string): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** A screenshot of one part of the workbench, e.g. the editor group showing a panel (for the README). */
export async function screenshotOf(part: Locator, dir: string, name: string): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await part.screenshot({ path: file });
  return file;
}

/** The editor group that has focus. */
export function activeEditorGroup(page: Page): Locator {
  return page.locator('.editor-group-container.active');
}
