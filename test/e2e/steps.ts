// Steps several e2e specs share. Each spec file can run on its own, so each makes sure of what it
// needs (a key) through the workbench, as a person would.
import * as assert from 'node:assert/strict';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { KEYS } from '../server/fixtures';
import { world } from './hooks';
import { clearNotifications, runCommand, submitInputBox, waitForFocusedRow, waitForInputBox, waitForToast } from './workbench';

/**
 * Sets `key` through Braze: Set API Key and waits for the toast that says how it went; returns it.
 * Toasts stay until closed: the old ones go first, so that the toast found is this key's answer
 * (an earlier "saved" toast would let the next step run while this key is still being checked).
 */
export async function setKeyThroughPalette(page: Page, key: string, toast: string | RegExp): Promise<Locator> {
  await clearNotifications(page);
  await runCommand(page, 'Braze: Set API Key');
  const input = await waitForInputBox(page, /Braze REST API Key for/);
  await input.pressSequentially(key);
  await submitInputBox(page);
  return waitForToast(page, toast);
}

/** The full-permission key, unless the server has already seen it accepted. */
export async function ensureFullKey(page: Page): Promise<void> {
  const accepted = world.server.requests.some((request) => request.key === KEYS.all && request.status === 200);
  if (!accepted) await setKeyThroughPalette(page, KEYS.all, 'Braze API key saved for');
}

/** Braze: Look Up Segment for `id`, pasted into the quick pick and accepted, as a person would. */
export async function lookUpThroughPalette(page: Page, id: string): Promise<void> {
  await runCommand(page, 'Braze: Look Up Segment');
  const input = await waitForInputBox(page, 'Look Up Braze Segment');
  await input.fill(id);
  await waitForFocusedRow(page, id);
  await submitInputBox(page);
}

/** Moves the mouse onto the token showing `text` (quoted or not) until a hover with `expect` shows. */
export async function hoverText(page: Page, text: string | RegExp, expect: string | RegExp): Promise<Locator> {
  const token = page.locator('.view-line span span', { hasText: text }).filter({ visible: true }).first();
  await token.waitFor();
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: expect }).first();
  for (let attempt = 1; ; attempt++) {
    // The line is drawn again when its inlay hint arrives: the span found may just have been replaced.
    const box = await token.boundingBox();
    if (!box && attempt < 5) {
      await token.waitFor();
      continue;
    }
    assert.ok(box, 'the id is not on screen');
    await page.mouse.move(box.x + box.width / 2 - 4, box.y + box.height / 2);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 3 });
    try {
      await hover.waitFor({ state: 'visible', timeout: 5_000 });
      return hover;
    } catch (error) {
      if (attempt >= 5) throw error;
      await moveAway(page); // the extension may still be activating: hover again
    }
  }
}

/** Moves the mouse off the editor, so that the next hover is a new one. */
export async function moveAway(page: Page): Promise<void> {
  await page.mouse.move(5, 5);
  await page.locator('.monaco-hover:not(.hidden)').waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
}

/** A tree row as the workbench shows it. */
export interface TreeRow {
  level: number;
  label: string;
  description: string;
  /** 'true' or 'false' on a row that has children; null on a leaf. */
  expanded: string | null;
}

/** The rows of the tree lists under `scope`, in screen order (the view draws the visible ones). */
export async function treeRowsIn(scope: Locator): Promise<TreeRow[]> {
  return scope.locator('.monaco-list-row').evaluateAll((rows) =>
    rows
      .map((row) => ({
        top: row.getBoundingClientRect().top,
        level: Number(row.getAttribute('aria-level') ?? '0'),
        label: row.querySelector('.label-name')?.textContent?.trim() ?? '',
        description: row.querySelector('.label-description')?.textContent?.trim() ?? '',
        expanded: row.getAttribute('aria-expanded'),
      }))
      // The list positions its rows absolutely: DOM order is not screen order.
      .sort((a, b) => a.top - b.top)
      .map(({ level, label, description, expanded }) => ({ level, label, description, expanded })),
  );
}

/** Braze: Clear API Key (with one workspace it asks nothing), and waits for the toast that says so. */
export async function clearKeyThroughPalette(page: Page): Promise<void> {
  await clearNotifications(page);
  await runCommand(page, 'Braze: Clear API Key');
  // With a key stored it asks first, in a modal; without one it only says so.
  const dialog = page.locator('.monaco-dialog-box').filter({ hasText: 'Clear the API key of' });
  const noKey = page.locator('.notifications-toasts .notification-toast').filter({ hasText: /No Braze API key is stored/ });
  await dialog.or(noKey).first().waitFor();
  if (await dialog.isVisible()) {
    await dialog.getByRole('button', { name: 'Clear Key', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
  }
  await waitForToast(page, /Braze API key for .* removed|No Braze API key is stored/);
  await clearNotifications(page);
}

/** The check box of the walkthrough step `stepId` (its `aria-checked` says whether it is done). */
export function walkthroughStep(page: Page, stepId: string): Locator {
  return page.locator(`.gettingStartedContainer [data-done-step-id$="#${stepId}"]`).first();
}

/** An image of a page as the browser holds it: `naturalWidth` is 0 when it did not load. */
export interface LoadedImage {
  alt: string;
  src: string;
  naturalWidth: number;
}

/** The images under `scope` once each has loaded or failed. */
export async function loadedImagesIn(scope: FrameLocator | Locator): Promise<LoadedImage[]> {
  await scope.locator('img').first().waitFor({ state: 'attached' });
  return scope.locator('img').evaluateAll(async (elements) => {
    // The page's own images (no DOM types in this project: the fields read are named here).
    type PageImage = { alt: string; src: string; currentSrc: string; complete: boolean; naturalWidth: number; addEventListener(type: string, listener: () => void): void };
    const images = elements as unknown as PageImage[];
    // (No named functions in here: the bundler would wrap them in a helper the page lacks.)
    await Promise.all(
      images.map((image) =>
        image.complete
          ? undefined
          : new Promise<void>((resolve) => {
              image.addEventListener('load', resolve);
              image.addEventListener('error', resolve);
            }),
      ),
    );
    return images.map((image) => ({ alt: image.alt, src: image.currentSrc || image.src, naturalWidth: image.naturalWidth }));
  });
}
