// Two Braze workspaces side by side, as a team has them: Production (the braze.restEndpoint set up
// in the hooks) and Staging on the same cluster (here: the same test server, with a key that sees only
// staging's segments). Added through Braze: Add Workspace… (name, instance pick, URL, key), then the
// Segments view has a row per workspace, a hover names the workspace a segment belongs to, the status
// bar speaks for both, and Braze: Remove Workspace… brings back the one-workspace setup. Each step
// leaves a screenshot in test-results/e2e/; an after hook removes Staging even if a test failed.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { FIXTURE_SEGMENTS, KNOWN_SEGMENT_ID, STAGING_KEYS, STAGING_SEGMENT_ID, STAGING_SEGMENTS } from '../server/fixtures';
import { SAMPLE_FILE, SHOTS_DIR, world } from './hooks';
import { ensureFullKey, hoverText, moveAway, type TreeRow, treeRowsIn } from './steps';
import { clearNotifications, openFile, openWorkbench, quickInput, runCommand, screenshot, screenshotOf, submitInputBox, waitForFocusedRow, waitForInputBox, waitForToast } from './workbench';

const STAGING = 'Staging';
const STAGING_FILE = 'staging-audience.ts';
const KNOWN_NAME = FIXTURE_SEGMENTS.find((segment) => segment.id === KNOWN_SEGMENT_ID)!.name!;
const STAGING_NAME = STAGING_SEGMENTS.find((segment) => segment.id === STAGING_SEGMENT_ID)!.name!;

/** One row of the Segments view as the tree draws it. */
type Row = TreeRow;

/** The Segments view's rows in order (these lists fit on screen). */
async function treeRows(page: Page): Promise<Row[]> {
  return treeRowsIn(page.locator('.part.sidebar'));
}

/** Polls the view's rows until `done` holds (the tree redraws asynchronously); fails naming `what`. */
async function rowsUntil(page: Page, what: string, done: (rows: Row[]) => boolean, timeoutMs = 20_000): Promise<Row[]> {
  const deadline = Date.now() + timeoutMs;
  let rows: Row[] = [];
  while (Date.now() < deadline) {
    rows = await treeRows(page);
    if (done(rows)) return rows;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`timed out waiting for ${what}; rows: ${JSON.stringify(rows.slice(0, 20))}`);
}

/** The labels of the rows under the root row `root`, up to the next root. */
function childrenOf(rows: readonly Row[], root: string): string[] {
  const start = rows.findIndex((row) => row.level === 1 && row.label === root);
  if (start < 0) return [];
  const rest = rows.slice(start + 1);
  const end = rest.findIndex((row) => row.level === 1);
  return (end < 0 ? rest : rest.slice(0, end)).map((row) => row.label);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const rootLabels = (rows: readonly Row[]) => rows.filter((row) => row.level === 1).map((row) => row.label);

/** The user settings.json code-server keeps (the extension writes braze.workspaces there). */
function userSettingsFile(): string {
  return path.join(world.codeServer.userDataDir, 'User', 'settings.json');
}

function readUserSettings(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(userSettingsFile(), 'utf8')) as Record<string, unknown>;
}

function stagingInSettings(): boolean {
  const entries = readUserSettings()['braze.workspaces'];
  return Array.isArray(entries) && entries.some((entry) => (entry as { name?: unknown } | null)?.name === STAGING);
}

const statusItem = (page: Page) => page.locator('.part.statusbar .statusbar-item', { has: page.locator('.statusbar-item-label', { hasText: /Braze/ }) }).first();

/** A row of the Segments view by its label, exactly. */
const treeRow = (page: Page, label: string) => page.locator('.part.sidebar .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) });

/** Opens `file` from the explorer, which the Segments view took the sidebar from. */
async function openFromExplorer(page: Page, file: string, expectText: string): Promise<void> {
  await runCommand(page, 'View: Show Explorer');
  await openFile(page, file, expectText);
}

/** Braze: Remove Workspace… → Staging → "Remove" in the modal, as a person would; waits for the toast. */
async function removeStagingThroughPalette(page: Page, onDialog?: () => Promise<void>): Promise<void> {
  await runCommand(page, 'Braze: Remove Workspace…');
  const q = quickInput(page);
  await q.title.filter({ hasText: 'Remove Braze Workspace' }).waitFor();
  await q.input.fill(STAGING);
  await waitForFocusedRow(page, STAGING);
  await page.keyboard.press('Enter');
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.filter({ hasText: `Remove the Braze workspace ${STAGING}` }).waitFor();
  await onDialog?.();
  await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  await waitForToast(page, `Braze workspace ${STAGING}`);
}

describe('Two Braze workspaces at once: Production and Staging', function () {
  this.timeout(120_000);
  let instance = '';

  before(async () => {
    const { page, server } = world;
    await ensureFullKey(page);
    await clearNotifications(page);
    // The one-workspace setup is named after its instance: the test server's host and port.
    instance = new URL(server.url).host;
    fs.writeFileSync(path.join(world.folder, STAGING_FILE), ['// The QA audience, only in the Staging workspace.', `const segment_id = '${STAGING_SEGMENT_ID}';`, ''].join('\n'));
    // Earlier specs leave panels and split groups: one wide editor shows the ids whole.
    await runCommand(page, 'View: Close All Editor Groups');
    await runCommand(page, 'View: Show Explorer');
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: STAGING_FILE }).waitFor();
  });

  // Later specs (or a rerun) expect the one-workspace setup: Staging goes, even when a test failed.
  after(async function () {
    this.timeout(90_000);
    const { page } = world;
    if (!stagingInSettings()) return;
    console.error('[e2e] Staging is still set up: removing it');
    try {
      for (let i = 0; i < 3; i++) await page.keyboard.press('Escape');
      await removeStagingThroughPalette(page);
    } catch (error) {
      // The workbench is in a state the palette cannot get through: Staging leaves the settings file,
      // and the workbench is loaded again to read it (its key stays in SecretStorage, unused).
      console.error(`[e2e] removing Staging through the palette failed (${String(error)}): editing settings.json and reloading`);
      const settings = readUserSettings();
      const entries = settings['braze.workspaces'];
      settings['braze.workspaces'] = Array.isArray(entries) ? entries.filter((entry) => (entry as { name?: unknown } | null)?.name !== STAGING) : entries;
      fs.writeFileSync(userSettingsFile(), JSON.stringify(settings, null, 2));
      await openWorkbench(page, world.codeServer.workbenchUrl(world.folder), SAMPLE_FILE);
    }
    await statusItem(page).filter({ hasNotText: /workspaces/ }).waitFor({ timeout: 30_000 });
  });

  it('adds Staging through Braze: Add Workspace…: a name, the instance (Other…, the URL), the key', async () => {
    const { page, server } = world;
    assert.equal(stagingInSettings(), false, 'Staging is set up before the test added it');
    await runCommand(page, 'Braze: Add Workspace…');
    const q = quickInput(page);

    const name = await waitForInputBox(page, 'Add Braze Workspace (1/3): Name');
    await name.fill(STAGING);
    await screenshot(page, SHOTS_DIR, '70-add-workspace-name');
    await page.keyboard.press('Enter');

    // Production and Staging share a cluster: the pick opens on the instance in use, the test
    // server's custom URL under "Other…".
    await q.title.filter({ hasText: `Add Braze Workspace (2/3): ${STAGING}'s Instance` }).waitFor();
    await waitForFocusedRow(page, /Other…/);
    assert.match(await q.focusedRow.innerText(), new RegExp(`current: ${escapeRegExp(server.url)}`));
    await screenshot(page, SHOTS_DIR, '71-add-workspace-instance');
    await page.keyboard.press('Enter');

    // The URL box (same title, no list): typed as a person would, replacing what is there.
    await q.message.filter({ hasText: 'REST endpoint URL' }).waitFor();
    await q.input.fill(server.url);
    await page.keyboard.press('Enter');

    const key = await waitForInputBox(page, new RegExp(`Braze REST API Key for ${STAGING} \\(${escapeRegExp(instance)}\\)`));
    assert.equal(await key.getAttribute('type'), 'password', 'the key is typed in the clear');
    await submitInputBox(page, STAGING_KEYS.all);
    const toast = await waitForToast(page, `Braze API key saved for ${STAGING}`);
    assert.match(await toast.innerText(), /It can read segment details, lists and sizes/);
    await screenshot(page, SHOTS_DIR, '72-add-workspace-saved');
    await screenshotOf(toast, SHOTS_DIR, '73-add-workspace-saved-toast');

    assert.ok(server.requests.some((r) => r.key === STAGING_KEYS.all && r.status === 200), 'the staging key was never checked with the server');
    const entries = readUserSettings()['braze.workspaces'];
    assert.deepEqual(entries, [{ name: STAGING, restEndpoint: server.url }], 'braze.workspaces in the user settings');
    assert.equal(readUserSettings()['braze.restEndpoint'], server.url, 'the one-workspace endpoint was changed');
  });

  it('shows a row per workspace in the Segments view, each with its own segments', async () => {
    const { page } = world;
    await clearNotifications(page);
    await runCommand(page, 'Braze: Focus on Segments View');
    // The first workspace (the active folder's) opens expanded, Staging collapsed with its count.
    let rows = await rowsUntil(page, `two root rows, ${instance} with its segments`, (r) => rootLabels(r).length === 2 && childrenOf(r, instance).includes(KNOWN_NAME));
    assert.deepEqual(rootLabels(rows), [instance, STAGING]);
    assert.ok(!childrenOf(rows, instance).some((label) => label.startsWith('Staging:')), `a staging segment under ${instance}: ${JSON.stringify(childrenOf(rows, instance))}`);

    // Only Staging open: Production folded, Staging unfolded (clicks on the rows, as a person would).
    await treeRow(page, instance).click();
    await rowsUntil(page, `${instance} folded`, (r) => r.find((row) => row.label === instance)?.expanded === 'false');
    await treeRow(page, STAGING).click();
    rows = await rowsUntil(page, `${STAGING} unfolded with its segments`, (r) => childrenOf(r, STAGING).length === STAGING_SEGMENTS.length);
    assert.deepEqual(childrenOf(rows, STAGING).sort(), STAGING_SEGMENTS.map((segment) => segment.name!).sort());
    assert.ok(childrenOf(rows, STAGING).includes(STAGING_NAME));
    assert.deepEqual(childrenOf(rows, instance), [], `${instance} is still unfolded`);
    const staging = rows.find((row) => row.level === 1 && row.label === STAGING)!;
    assert.equal(staging.description, `${STAGING_SEGMENTS.length} segments`);
    await treeRow(page, STAGING_NAME).waitFor();
    await screenshot(page, SHOTS_DIR, '74-two-workspaces-view');
    await screenshotOf(page.locator('.part.sidebar'), SHOTS_DIR, '75-two-workspaces-view-sidebar');

    // Production unfolds again with its own segments.
    await treeRow(page, instance).click();
    rows = await rowsUntil(page, `${instance} unfolded again`, (r) => childrenOf(r, instance).includes(KNOWN_NAME));
    const production = childrenOf(rows, instance);
    assert.ok(!production.some((label) => label.startsWith('Staging:')), `a staging segment under ${instance}: ${JSON.stringify(production)}`);
    assert.equal(rows.find((row) => row.level === 1 && row.label === instance)?.description, `${production.length} segments`);
  });

  it('names Staging in the hover card of a Staging id, and still finds a Production id', async () => {
    const { page } = world;
    await openFromExplorer(page, STAGING_FILE, STAGING_SEGMENT_ID);
    // The card with the details (its description), not only the name the list has.
    const hover = await hoverText(page, STAGING_SEGMENT_ID, /Test accounts of the QA team/);
    const text = await hover.innerText();
    assert.ok(text.includes(STAGING_NAME), `the card does not have the name:\n${text}`);
    assert.match(text, new RegExp(`${STAGING} · ${escapeRegExp(instance)}`), `the card does not name its workspace:\n${text}`);
    await screenshot(page, SHOTS_DIR, '76-hover-staging-card');
    await hover.screenshot({ path: path.join(SHOTS_DIR, '77-hover-staging-card-only.png') });
    await moveAway(page);

    await openFromExplorer(page, SAMPLE_FILE, KNOWN_SEGMENT_ID);
    const known = await hoverText(page, KNOWN_SEGMENT_ID, KNOWN_NAME);
    const knownText = await known.innerText();
    assert.match(knownText, /90-day winback audience/);
    assert.doesNotMatch(knownText, /Staging/, `the Production card names Staging:\n${knownText}`);
    assert.match(knownText, new RegExp(escapeRegExp(instance)));
    await moveAway(page);
  });

  it('says "2 workspaces" in the status bar, and lists both in its menu', async () => {
    const { page } = world;
    const item = statusItem(page);
    await item.filter({ hasText: '2 workspaces' }).waitFor();
    assert.match(await item.innerText(), /^\s*Braze 2 workspaces\s*$/);
    await item.click();
    const q = quickInput(page);
    await q.title.filter({ hasText: 'Braze: 2 workspaces' }).waitFor();
    const rows = q.widget.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: STAGING }).first().waitFor();
    const texts = await rows.allInnerTexts();
    for (const name of [instance, STAGING]) {
      const row = rows.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(name)}\\s*$`) }) });
      assert.equal(await row.count(), 1, `the menu has no one row for ${name}: ${JSON.stringify(texts)}`);
      assert.match(await row.innerText(), /API key set/, `the menu's ${name} row: ${JSON.stringify(texts)}`);
    }
    assert.ok(texts.some((row) => row.includes('Add Workspace…')), `no Add Workspace… in the menu: ${JSON.stringify(texts)}`);
    await screenshot(page, SHOTS_DIR, '78-status-bar-menu-two-workspaces');
    await page.keyboard.press('Escape');
    await q.widget.waitFor({ state: 'hidden' });
  });

  it('removes Staging through Braze: Remove Workspace…, and the view is flat again', async () => {
    const { page } = world;
    await clearNotifications(page);
    await removeStagingThroughPalette(page, () => screenshot(page, SHOTS_DIR, '79-remove-workspace-confirm').then(() => undefined));
    await screenshot(page, SHOTS_DIR, '80-workspace-removed');
    assert.equal(stagingInSettings(), false, 'Staging is still in braze.workspaces');
    assert.equal(readUserSettings()['braze.restEndpoint'], world.server.url, 'the one-workspace endpoint went too');

    await runCommand(page, 'Braze: Focus on Segments View');
    const rows = await rowsUntil(page, 'the flat list of one workspace', (r) => r.length > 0 && r.every((row) => row.level === 1) && r.some((row) => row.label === KNOWN_NAME));
    const labels = rows.map((row) => row.label);
    assert.ok(!labels.includes(instance) && !labels.includes(STAGING), `a workspace row is left: ${JSON.stringify(labels)}`);
    assert.ok(!labels.some((label) => label.startsWith('Staging:')), `a staging segment is left: ${JSON.stringify(labels)}`);
    assert.ok(rows.every((row) => row.expanded === null), 'a row still has children');
    await statusItem(page).filter({ hasText: `Braze ${instance}` }).waitFor();
    assert.doesNotMatch(await statusItem(page).innerText(), /workspaces/);
    await screenshot(page, SHOTS_DIR, '81-one-workspace-again');

    // And the Staging id is Staging's alone again: the Production key does not know it.
    await openFromExplorer(page, STAGING_FILE, STAGING_SEGMENT_ID);
    const hover = await hoverText(page, STAGING_SEGMENT_ID, /No segment with this id/);
    assert.doesNotMatch(await hover.innerText(), /Staging ·/);
    await moveAway(page);
  });
});
