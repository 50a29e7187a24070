// Segments in your code, through the real UI: the segment's name beside its id (an inlay hint), the
// completion list inside a segment_id string (Enter inserts the id), the Braze warnings in the
// Problems panel (an unknown id, an API key in source), and the Segments in Code view (a row per
// segment with its count, an "Unknown ids" group, location rows that open the editor there).
// Screenshots 90–99 in test-results/e2e/. The file goes in `after`, with the editors and the panel.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { FIXTURE_SEGMENTS, KNOWN_SEGMENT_ID, MANY_TAGS_SEGMENT_ID, UNKNOWN_SEGMENT_ID } from '../server/fixtures';
import { SHOTS_DIR, world } from './hooks';
import { ensureFullKey, moveAway, type TreeRow, treeRowsIn } from './steps';
import { activeTab, openFile, runCommand, screenshot, screenshotOf } from './workbench';

const CODE_FILE = 'campaign.ts';
const KNOWN_NAME = FIXTURE_SEGMENTS.find((segment) => segment.id === KNOWN_SEGMENT_ID)!.name!;
const LISTED_NAME = FIXTURE_SEGMENTS.find((segment) => segment.id === MANY_TAGS_SEGMENT_ID)!.name!;
/** A UUID standing where a REST API key does: never a segment, always a warning. */
const API_KEY_UUID = '6f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c';

/** The file, line by line (line numbers in comments are the editor's, 1-based). */
const LINES = [
  '// Audiences of the spring sale.', // 1
  'export const springSale = {', // 2
  `  segment_id: '${KNOWN_SEGMENT_ID}',`, // 3
  '  segments: [', // 4
  `    '${MANY_TAGS_SEGMENT_ID}',`, // 5
  `    '${KNOWN_SEGMENT_ID}',`, // 6
  '  ],', // 7
  '};', // 8
  '', // 9
  `export const lapsed = { segment_id: '${UNKNOWN_SEGMENT_ID}' };`, // 10
  '', // 11
  `export const BRAZE_API_KEY = '${API_KEY_UUID}';`, // 12
  '', // 13
  '', // 14: the completion test types here
];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The editor's lines (the view draws the visible ones; this file fits), as the DOM has them. */
async function editorLines(page: Page): Promise<string[]> {
  return page.locator('.editor-instance .monaco-editor .view-lines .view-line').evaluateAll((lines) =>
    lines
      .map((line) => ({ top: line.getBoundingClientRect().top, text: line.textContent ?? '' }))
      .sort((a, b) => a.top - b.top)
      .map(({ text }) => text.replace(/\u00a0/g, ' ')),
  );
}

/** Polls `read` until `done` holds; fails naming `what` and showing the last value. */
async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; last seen: ${JSON.stringify(value, null, 1).slice(0, 3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
    value = await read();
  }
  return value;
}

/** The Segments in Code view's pane in the sidebar. */
const referencesPane = (page: Page) => page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: 'Segments in Code' }) });

/** Unfolds (or folds) the Segments in Code view in the Braze container by a click on its header. */
async function setReferencesPaneOpen(page: Page, open: boolean): Promise<void> {
  const header = referencesPane(page).locator('.pane-header');
  await header.waitFor();
  if ((await header.getAttribute('aria-expanded')) !== String(open)) await header.click();
  await referencesPane(page).locator('.pane-header[aria-expanded="' + String(open) + '"]').waitFor();
}

type Row = TreeRow;

async function referenceRows(page: Page): Promise<Row[]> {
  return treeRowsIn(referencesPane(page).locator('.pane-body'));
}

function childrenOf(rows: readonly Row[], parent: string): string[] {
  const start = rows.findIndex((row) => row.label === parent);
  if (start < 0) return [];
  const level = rows[start].level;
  const children: string[] = [];
  for (const row of rows.slice(start + 1)) {
    if (row.level <= level) break;
    if (row.level === level + 1) children.push(row.label);
  }
  return children;
}

const referenceRow = (page: Page, label: string) =>
  referencesPane(page)
    .locator('.pane-body .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) });

/** Where the cursor is, as the status bar says ("Ln 6, Col 42 (36 selected)"). */
const cursorStatus = (page: Page) => page.locator('[id="status.editor.selection"]');

/** Closes the panel (the Problems) if it is open. */
async function hidePanel(page: Page): Promise<void> {
  const panel = page.locator('.part.panel');
  if (!(await panel.isVisible())) return;
  await runCommand(page, 'View: Toggle Panel Visibility');
  await panel.waitFor({ state: 'hidden' });
}

/** The lines of the workspace's top-level files that hold `id`, as the view's `file:line` rows. */
function placesOnDisk(id: string): string[] {
  const places: string[] = [];
  for (const entry of fs.readdirSync(world.folder, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const lines = fs.readFileSync(path.join(world.folder, entry.name), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (line.includes(id)) places.push(`${entry.name}:${i + 1}`);
    });
  }
  return places;
}

describe('Segments in your code: names beside ids, completion, problems, the Segments in Code view', function () {
  this.timeout(120_000);

  before(async () => {
    const { page } = world;
    await ensureFullKey(page);
    fs.writeFileSync(path.join(world.folder, CODE_FILE), LINES.join('\n'));
    // One wide editor: earlier specs may leave panels and split groups.
    await runCommand(page, 'View: Close All Editor Groups');
    await runCommand(page, 'View: Show Explorer');
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: CODE_FILE }).waitFor();
  });

  after(async function () {
    this.timeout(60_000);
    const { page } = world;
    for (let i = 0; i < 3; i++) await page.keyboard.press('Escape');
    // A test that stopped halfway may leave the file edited: it is reverted, then every editor closed.
    if (await activeTab(page).filter({ hasText: CODE_FILE }).count()) await runCommand(page, 'File: Revert File');
    await runCommand(page, 'View: Close All Editor Groups');
    await hidePanel(page);
    // Other specs read the Braze container's rows: the Segments in Code view goes back to folded.
    if (await referencesPane(page).isVisible()) await setReferencesPaneOpen(page, false);
    fs.rmSync(path.join(world.folder, CODE_FILE), { force: true });
    await runCommand(page, 'View: Show Explorer');
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: CODE_FILE }).waitFor({ state: 'detached' });
  });

  it('shows the segment name beside a known id in the editor, and none beside the others', async () => {
    const { page } = world;
    await openFile(page, CODE_FILE, 'springSale');
    // Inlay hints are injected text: the view line's text has the name right after the id.
    const lines = await until(
      `"${KNOWN_NAME}" after the id on lines 3 and 6`,
      () => editorLines(page),
      (seen) => seen.length >= 12 && new RegExp(`${KNOWN_SEGMENT_ID}\\s*${escapeRegExp(KNOWN_NAME)}'`).test(seen[2]) && seen[5].includes(KNOWN_NAME),
    );
    assert.ok(lines[4].includes(LISTED_NAME), `no name beside the listed id of segments: [...]: ${lines[4]}`);
    assert.equal(lines[9], LINES[9], 'the unknown id got a name');
    assert.equal(lines[11], LINES[11], 'the API key got a name');
    assert.equal(lines[0], LINES[0]);
    // The name is drawn, not typed: the file on disk and the line's text model stay as written.
    assert.equal(fs.readFileSync(path.join(world.folder, CODE_FILE), 'utf8'), LINES.join('\n'));
    // Each hint is a span of its own, styled by a dynamic rule, holding only the name.
    const hints = await page.locator('.view-line span[class*="dyn-rule"]').evaluateAll((spans) => spans.map((span) => (span.textContent ?? '').replace(/\u00a0/g, ' ').trim()).filter(Boolean));
    assert.deepEqual(hints.sort(), [KNOWN_NAME, LISTED_NAME, KNOWN_NAME].sort(), 'the hint spans');
    await screenshot(page, SHOTS_DIR, '90-code-inline-names');
    await screenshotOf(page.locator('.editor-instance .monaco-editor .view-lines').first(), SHOTS_DIR, '91-code-inline-names-editor');
  });

  it('offers segments by name inside a segment_id string, and Enter inserts the id', async () => {
    const { page } = world;
    await openFile(page, CODE_FILE, 'springSale');
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+End');
    await cursorStatus(page).filter({ hasText: /Ln 14, Col 1\b/ }).waitFor();
    // Typing the quote opens the string (closed by the editor) and pops the list up.
    await page.keyboard.type("export const next_segment_id = '", { delay: 20 });
    const widget = page.locator('.editor-widget.suggest-widget.visible');
    const row = widget.locator('.monaco-list-row', { hasText: KNOWN_NAME });
    await widget.locator('.monaco-list-row').first().waitFor();
    // The names of the workspace's segments, not words of the file.
    const names = (await widget.locator('.monaco-list-row .label-name').allInnerTexts()).map((name) => name.trim());
    const segmentNames = new Set(FIXTURE_SEGMENTS.map((segment) => segment.name ?? ''));
    assert.ok(names.filter((name) => segmentNames.has(name)).length >= 3, `the list does not show segment names: ${JSON.stringify(names)}`);
    assert.ok(!names.includes('springSale'), `words of the file in the list: ${JSON.stringify(names)}`);
    await page.keyboard.type('Lapsed', { delay: 20 });
    await row.waitFor();
    await widget.locator('.monaco-list-row.focused', { hasText: KNOWN_NAME }).waitFor();
    await screenshot(page, SHOTS_DIR, '92-code-completion');
    await screenshotOf(widget, SHOTS_DIR, '93-code-completion-list');
    await page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden' });
    const lines = await until(
      'the id inserted on line 14',
      () => editorLines(page),
      (seen) => (seen[13] ?? '').startsWith(`export const next_segment_id = '${KNOWN_SEGMENT_ID}'`),
    );
    assert.doesNotMatch(lines[13], /Lapsed'/, `the typed text stayed: ${lines[13]}`);
    await page.keyboard.press('Control+S');
    await until(
      'the file saved with the id',
      async () => fs.readFileSync(path.join(world.folder, CODE_FILE), 'utf8'),
      (text) => text.split('\n')[13] === `export const next_segment_id = '${KNOWN_SEGMENT_ID}'`,
    );
  });

  it('lists the Braze warnings in the Problems panel: the unknown id and the API key', async () => {
    const { page } = world;
    await openFile(page, CODE_FILE, 'springSale');
    await runCommand(page, 'Problems: Focus on Problems View');
    const panel = page.locator('.part.panel .markers-panel');
    await panel.waitFor();
    const unknown = panel.locator('.monaco-list-row', { hasText: `No segment ${UNKNOWN_SEGMENT_ID.slice(0, 8)}… in` });
    const apiKey = panel.locator('.monaco-list-row', { hasText: 'This looks like a Braze REST API key in source code' });
    await unknown.waitFor();
    await apiKey.waitFor();
    const rows = await panel.locator('.monaco-list-row').evaluateAll((elements) =>
      elements.map((row) => ({ level: Number(row.getAttribute('aria-level') ?? '0'), text: (row.textContent ?? '').replace(/\s+/g, ' ') })),
    );
    assert.match(await unknown.innerText(), /Braze/, "the unknown id's problem is not Braze's");
    assert.match(await unknown.innerText(), /Ln 10/);
    assert.match(await apiKey.innerText(), /Ln 12/);
    // Known ids (lines 3, 5, 6, 14) are no problem: two Braze problems, no more.
    const braze = rows.filter((row) => row.level > 1 && /Braze/.test(row.text));
    assert.equal(braze.length, 2, `Braze problems other than the two: ${JSON.stringify(rows)}`);
    assert.ok(rows.some((row) => row.level === 1 && row.text.includes(CODE_FILE)), `no ${CODE_FILE} row: ${JSON.stringify(rows)}`);
    await screenshot(page, SHOTS_DIR, '94-code-problems');
    await screenshotOf(page.locator('.part.panel'), SHOTS_DIR, '95-code-problems-panel');
    await hidePanel(page);
  });

  it('shows the segments of the code in the Segments in Code view, and opens a location', async () => {
    const { page } = world;
    await moveAway(page);
    // The Braze container from the activity bar, and the view's header if it is folded. (Not through
    // the palette: its recently used "Focus on Segments in Code View" would then come first for the
    // "Focus on Segments View" other specs type.)
    await page.locator('.activitybar .action-item .action-label[aria-label^="Braze"]').click();
    await setReferencesPaneOpen(page, true);
    const known = placesOnDisk(KNOWN_SEGMENT_ID);
    const knownFiles = new Set(known.map((place) => place.split(':')[0]));
    const counts = `${known.length} references in ${knownFiles.size} file${knownFiles.size === 1 ? '' : 's'}`;
    let rows = await until(
      `a row "${KNOWN_NAME}" with "${counts}" and an "Unknown ids" group`,
      () => referenceRows(page),
      (seen) => seen.some((row) => row.level === 1 && row.label === KNOWN_NAME && row.description === counts) && seen.some((row) => row.level === 1 && row.label === 'Unknown ids'),
    );
    const roots = rows.filter((row) => row.level === 1).map((row) => row.label);
    assert.equal(roots[roots.length - 1], 'Unknown ids', `the unknown group is not last: ${JSON.stringify(roots)}`);
    assert.ok(roots.includes(LISTED_NAME), `no row for ${LISTED_NAME}: ${JSON.stringify(roots)}`);
    assert.ok(!roots.includes(API_KEY_UUID), 'the API key is listed as a segment');
    assert.equal(rows.find((row) => row.label === 'Unknown ids')?.description, '1');

    await referenceRow(page, KNOWN_NAME).click();
    await referenceRow(page, 'Unknown ids').click();
    rows = await until(
      'the location rows and the unknown id',
      () => referenceRows(page),
      (seen) => childrenOf(seen, KNOWN_NAME).length === known.length && childrenOf(seen, 'Unknown ids').length === 1,
    );
    assert.deepEqual([...childrenOf(rows, KNOWN_NAME)].sort(), [...known].sort());
    for (const place of [`${CODE_FILE}:3`, `${CODE_FILE}:6`, `${CODE_FILE}:14`]) assert.ok(known.includes(place), `${place} is not a reference on disk: ${JSON.stringify(known)}`);
    assert.deepEqual(childrenOf(rows, 'Unknown ids'), [UNKNOWN_SEGMENT_ID]);
    assert.ok(!rows.some((row) => row.label.includes(API_KEY_UUID)), 'the API key is in the view');
    await screenshot(page, SHOTS_DIR, '96-code-references-view');
    await screenshotOf(page.locator('.part.sidebar'), SHOTS_DIR, '97-code-references-view-sidebar');

    // The cursor goes elsewhere first, so that the click is what brings it to line 6 (the id selected,
    // the cursor at its end).
    await page.locator('.editor-instance .monaco-editor .view-line', { hasText: 'Audiences of the spring sale' }).click();
    await cursorStatus(page).filter({ hasText: /Ln 1,/ }).waitFor();
    await referenceRow(page, `${CODE_FILE}:6`).click();
    await activeTab(page).filter({ hasText: CODE_FILE }).waitFor();
    await cursorStatus(page).filter({ hasText: /Ln 6, Col 42 \(36 selected\)/ }).waitFor();
    await screenshot(page, SHOTS_DIR, '98-code-references-opened');

    await referenceRow(page, UNKNOWN_SEGMENT_ID).click();
    await referenceRow(page, `${CODE_FILE}:10`).waitFor();
    await referenceRow(page, `${CODE_FILE}:10`).click();
    await cursorStatus(page).filter({ hasText: /Ln 10, Col 74 \(36 selected\)/ }).waitFor();
    await screenshot(page, SHOTS_DIR, '99-code-references-unknown-opened');
  });
});
