// Steps several e2e specs share. Each spec file can run on its own, so each makes sure of what it
// needs (a key) through the workbench, as a person would.
import type { Locator, Page } from 'playwright-core';
import { KEYS } from '../server/fixtures';
import { world } from './hooks';
import { runCommand, submitInputBox, waitForFocusedRow, waitForInputBox, waitForToast } from './workbench';

/** Sets `key` through Braze: Set API Key and waits for the toast that says how it went; returns it. */
export async function setKeyThroughPalette(page: Page, key: string, toast: string | RegExp): Promise<Locator> {
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
