// The detail panel read closely, in the real workbench: it opens beside the code, its chart reads a
// day's size under the cursor (mouse and keyboard) with labels that never repeat and days without
// hours, a long description folds away so the chart stays in view, sizes carry a caveat when
// analytics tracking is off, a failed sizes section offers Retry, a failed refresh says how old the
// details shown are, a key change drops what the previous key fetched, and the buttons beside the id
// copy the name and a Markdown link and reveal the segment in the Segments view. Each state is
// screenshotted into test-results/e2e/, in light, dark and high-contrast themes.
import * as assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import { dataSeries } from '../server/bodies';
import { FIXTURE_SEGMENTS, KEYS, KNOWN_SEGMENT_ID, LONG_DESCRIPTION_LENGTH, LONG_DESCRIPTION_SEGMENT_ID, MANY_TAGS_SEGMENT_ID, NO_ANALYTICS_SEGMENT_ID } from '../server/fixtures';
import { SAMPLE_FILE, SHOTS_DIR, world } from './hooks';
import { ensureFullKey, lookUpThroughPalette, setKeyThroughPalette } from './steps';
import { activeEditorGroup, clearNotifications, openFile, quickInput, runCommand, screenshot, screenshotOf, waitForFocusedRow, webviewFrame } from './workbench';

const fixture = (id: string) => FIXTURE_SEGMENTS.find((segment) => segment.id === id)!;
const DAY_LABEL = /^[A-Z][a-z]{2} \d{1,2}(, \d{4})?$/;
const READOUT = /^([A-Z][a-z]{2} \d{1,2}, \d{4}): ([\d,]+)$/;

/** The chart's axis labels, which the page mirrors from its canvas onto the chart element. */
async function axisLabels(web: FrameLocator, axis: 'x' | 'y'): Promise<string[]> {
  const text = await web.locator('#size-chart').getAttribute(axis === 'x' ? 'data-x-ticks' : 'data-y-ticks');
  assert.ok(text, `the chart has no ${axis} labels`);
  return text.split(' | ');
}

/** What Braze's series says for the day a readout names, as the test server computes it. */
function sizeOn(id: string, days: number, label: string): number | undefined {
  const day = new Date(`${label} UTC`).toISOString().slice(0, 10);
  return dataSeries(fixture(id), days, world.server.now()).find((point) => point.time === day)?.size;
}

/** Shows `days` days and checks the axes: no size label twice, dates without hours. */
async function distinctLabels(web: FrameLocator, days: number): Promise<void> {
  await web.locator('#size-days').selectOption(String(days));
  await web.locator('#size-change', { hasText: `over ${days} days` }).waitFor();
  await web.locator('#size-chart[data-x-ticks][data-y-ticks]').waitFor({ state: 'attached' }); // drawn for this period
  const y = await axisLabels(web, 'y');
  assert.equal(new Set(y).size, y.length, `repeated size labels over ${days} days: ${y.join(', ')}`);
  const x = await axisLabels(web, 'x');
  assert.ok(x.length >= 2, `only ${x.length} date labels over ${days} days`);
  for (const label of x) assert.match(label, DAY_LABEL, `a date label over ${days} days reads "${label}"`);
}

async function readout(web: FrameLocator): Promise<{ day: string; size: number }> {
  const value = web.locator('#size-readout-value');
  await value.filter({ hasText: READOUT }).waitFor();
  const match = READOUT.exec((await value.textContent()) ?? '')!;
  return { day: match[1], size: Number(match[2].replace(/,/g, '')) };
}

/** Polls `done` until it holds: for states the page offers no event for (a canvas's size). */
async function pollUntil(what: string, done: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function closeAllEditors(page: Page): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
  await page.locator('.tabs-container .tab').first().waitFor({ state: 'detached' });
}

/** Opens Preferences: Color Theme (not through runCommand: "Browse Color Themes in Marketplace" ranks first). */
async function openThemePicker(page: Page): Promise<void> {
  const q = quickInput(page);
  await page.keyboard.press('F1');
  await q.input.fill('>Preferences: Color Theme');
  await q.widget.locator('.quick-input-list .monaco-list-row', { hasText: 'Preferences: Color Theme' }).filter({ hasNotText: 'Browse' }).click();
  await q.widget.locator('.quick-input-list .monaco-list-row', { hasText: 'Light High Contrast' }).waitFor(); // the theme list is up
}

/** The theme in use: the picker opens on it. */
async function currentTheme(page: Page): Promise<string> {
  await openThemePicker(page);
  const label = ((await quickInput(page).focusedRow.locator('.label-name').first().textContent()) ?? '').trim();
  await page.keyboard.press('Escape');
  await quickInput(page).widget.waitFor({ state: 'hidden' });
  assert.ok(label, 'no theme is focused in the picker');
  return label;
}

/** Picks a theme as a person would; resolves when the panel's page matches `body` (a selector). */
async function pickTheme(page: Page, label: string, body: string): Promise<void> {
  await openThemePicker(page);
  await quickInput(page).input.fill(label);
  await waitForFocusedRow(page, new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  await page.keyboard.press('Enter');
  await quickInput(page).widget.waitFor({ state: 'hidden' });
  await webviewFrame(page).locator(body).waitFor();
}

describe('The detail panel, read closely', function () {
  this.timeout(120_000);

  before(async () => {
    await ensureFullKey(world.page);
    await clearNotifications(world.page);
    await closeAllEditors(world.page);
  });

  afterEach(() => {
    world.server.serverErrors = 0;
    world.server.serverErrorsFor = undefined;
  });

  after(async () => {
    // The next spec starts from one editor group and the full key, as this one found them.
    await closeAllEditors(world.page);
  });

  it('opens beside the code the lookup came from', async () => {
    const { page } = world;
    await openFile(page, SAMPLE_FILE, KNOWN_SEGMENT_ID);
    await lookUpThroughPalette(page, KNOWN_SEGMENT_ID);
    const name = fixture(KNOWN_SEGMENT_ID).name!;
    await webviewFrame(page).locator('#segment-name', { hasText: name }).waitFor();
    const group = (tab: string) => page.locator('.editor-group-container', { has: page.locator('.tabs-container .tab', { hasText: tab }) });
    const code = await group(SAMPLE_FILE).boundingBox();
    const panel = await group(name).boundingBox();
    assert.ok(code && panel, 'the code or the panel is not on screen');
    assert.ok(panel.x >= code.x + code.width - 1, `the panel (x ${panel.x}) is not beside the code (x ${code.x}, width ${code.width})`);
    await group(SAMPLE_FILE).locator('.view-line', { hasText: KNOWN_SEGMENT_ID }).waitFor(); // the code is still in view
    await screenshot(page, SHOTS_DIR, '50-panel-beside-the-code');
  });

  it('labels the chart with distinct sizes and plain dates, and reads a day under the cursor or the arrow keys', async () => {
    const { page } = world;
    const web = webviewFrame(page);
    for (const days of [30, 7]) await distinctLabels(web, days);
    // Wide, a week leaves room for ticks every few hours: they must still fall on days.
    const width = () => web.locator('#size-chart canvas').first().evaluate((canvas) => (canvas as unknown as { width: number }).width);
    const narrow = await width();
    await runCommand(page, 'View: Toggle Maximize Editor Group');
    try {
      await pollUntil('the chart to widen', async () => (await width()) > narrow * 1.5);
      for (const label of await axisLabels(web, 'x')) assert.match(label, DAY_LABEL, `a date label of the wide chart reads "${label}"`);
      await screenshot(page, SHOTS_DIR, '51-chart-wide-week');
    } finally {
      await runCommand(page, 'View: Toggle Maximize Editor Group');
    }
    await pollUntil('the chart to narrow again', async () => (await width()) < narrow * 1.2);

    // The mouse: the readout names the day under the cursor and Braze's size for it.
    const over = web.locator('#size-chart .u-over');
    const box = await over.boundingBox();
    assert.ok(box, 'the chart is not on screen');
    await over.hover({ position: { x: box.width * 0.6, y: box.height / 2 } });
    const hovered = await readout(web);
    assert.equal(hovered.size, sizeOn(KNOWN_SEGMENT_ID, 7, hovered.day), `the readout says ${hovered.size} on ${hovered.day}`);
    await screenshot(page, SHOTS_DIR, '51-chart-hover-readout');
    await screenshotOf(activeEditorGroup(page), SHOTS_DIR, 'panel-chart-hover');

    // The keyboard: End is the latest day, ← the one before.
    await page.mouse.move(5, 5);
    await web.locator('#size-chart').focus();
    await page.keyboard.press('End');
    const latest = dataSeries(fixture(KNOWN_SEGMENT_ID), 7, world.server.now()).at(-1)!;
    await web.locator('#size-readout-value', { hasText: latest.size.toLocaleString('en') }).waitFor();
    await page.keyboard.press('ArrowLeft');
    const before = await readout(web);
    assert.equal(before.size, sizeOn(KNOWN_SEGMENT_ID, 7, before.day));
    assert.notEqual(before.size, latest.size);

    // Tracking is on for this segment: no caveat, once the list says so.
    await web.locator('[data-field=analytics]', { hasText: 'On' }).waitFor();
    assert.equal(await web.locator('#analytics-caveat').count(), 0);
    await web.locator('#size-days').selectOption('30');
  });

  it('folds a long description so the chart stays in view, with Show more and Show less', async () => {
    const { page } = world;
    await lookUpThroughPalette(page, LONG_DESCRIPTION_SEGMENT_ID);
    const web = webviewFrame(page);
    await web.locator('#segment-name', { hasText: 'Spring sale openers' }).waitFor();
    await web.locator('#size-chart canvas').first().waitFor();
    const text = web.locator('#description-text');
    const toggle = web.locator('#description-toggle');
    assert.equal(((await text.textContent()) ?? '').length, LONG_DESCRIPTION_LENGTH, 'the description is not all there');
    assert.equal(await toggle.textContent(), 'Show more');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    // The chart and its readout, whole, on the first screen.
    const chart = await web.locator('#size-readout').evaluate((el) => ({ bottom: el.getBoundingClientRect().bottom, viewport: (globalThis as unknown as { innerHeight: number }).innerHeight }));
    assert.ok(chart.bottom <= chart.viewport, `the chart ends at ${chart.bottom} px, below the fold (${chart.viewport} px)`);
    const folded = (await text.boundingBox())?.height ?? 0;
    await screenshot(page, SHOTS_DIR, '52-long-description-folded');

    await toggle.click();
    await toggle.filter({ hasText: 'Show less' }).waitFor();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    const unfolded = (await text.boundingBox())?.height ?? 0;
    assert.ok(unfolded > folded * 3, `Show more grew the text from ${folded} to ${unfolded} px only`);
    await screenshot(page, SHOTS_DIR, '53-long-description-unfolded');
    await toggle.click();
    await toggle.filter({ hasText: 'Show more' }).waitFor();
  });

  it('says the sizes are estimates when analytics tracking is off', async () => {
    const { page } = world;
    await lookUpThroughPalette(page, NO_ANALYTICS_SEGMENT_ID);
    const web = webviewFrame(page);
    await web.locator('#segment-name', { hasText: 'QA devices' }).waitFor();
    const caveat = web.locator('#analytics-caveat');
    await caveat.waitFor(); // once the segment list has said tracking is off
    assert.match((await caveat.textContent()) ?? '', /Analytics tracking is off for this segment\. Braze’s sizes are estimates, and only meaningful with tracking on/);
    assert.equal(await web.locator('[data-field=analytics]').textContent(), 'Off');
    await web.locator('#size-chart canvas').first().waitFor();
    await screenshot(page, SHOTS_DIR, '54-analytics-caveat');
  });

  it('offers Retry when the sizes fail, and draws them once Braze answers again', async () => {
    const { page, server } = world;
    server.serverErrors = -1;
    server.serverErrorsFor = 'data_series';
    await lookUpThroughPalette(page, MANY_TAGS_SEGMENT_ID);
    const web = webviewFrame(page);
    await web.locator('#segment-name', { hasText: 'Everything bucket' }).waitFor();
    await web.locator('#sizes-error', { hasText: 'Braze had a server error (503)' }).waitFor();
    const retry = web.locator('#sizes-retry');
    await retry.waitFor();
    await screenshot(page, SHOTS_DIR, '55-sizes-error-retry');

    server.serverErrors = 0;
    await retry.click();
    await web.locator('#size-chart canvas').first().waitFor();
    await web.locator('#sizes-error').waitFor({ state: 'detached' });
    // 1.2 million people moving by a few percent: compact labels with one decimal repeat here.
    await distinctLabels(web, 30);
    await distinctLabels(web, 7);
    await web.locator('#size-days').selectOption('30');
  });

  it('says a failed refresh shows the details of the last successful fetch, and how old they are', async () => {
    const { page, server } = world;
    const web = webviewFrame(page);
    server.serverErrors = -1;
    await web.locator('#refresh').click();
    await web.locator('#error-message', { hasText: /^Could not refresh: Braze had a server error \(503\)/ }).waitFor();
    assert.match((await web.locator('#error-note').textContent()) ?? '', /^Showing the details from the last successful fetch, (a moment|\d+ (seconds?|minutes?)) ago\.$/);
    await web.locator('#segment-name', { hasText: 'Everything bucket' }).waitFor(); // still shown, and labelled
    await screenshot(page, SHOTS_DIR, '56-refresh-failed-details-labelled');

    server.serverErrors = 0;
    await web.locator('#error-action', { hasText: 'Retry' }).click();
    await web.locator('#error').waitFor({ state: 'detached' });
    await web.locator('#size-chart canvas').first().waitFor();
  });

  it('drops what the previous key fetched when the key changes', async () => {
    const { page } = world;
    const web = webviewFrame(page);
    await web.locator('#segment-name', { hasText: 'Everything bucket' }).waitFor();
    try {
      await setKeyThroughPalette(page, KEYS.noDetails, 'Braze API key saved for');
      await web.locator('#error-message', { hasText: 'segments.details' }).waitFor();
      assert.equal(await web.locator('#error-note').count(), 0);
      assert.equal(await web.locator('[data-field=text_description]').count(), 0, 'the previous key\'s details are still shown');
      assert.equal(await web.locator('#sizes').count(), 0, 'the previous key\'s sizes are still shown');
      assert.doesNotMatch((await web.locator('#segment-name').textContent()) ?? '', /Everything bucket/);
      await screenshot(page, SHOTS_DIR, '57-key-changed-details-dropped');
    } finally {
      await setKeyThroughPalette(page, KEYS.all, 'Braze API key saved for');
    }
    await web.locator('#segment-name', { hasText: 'Everything bucket' }).waitFor();
    await clearNotifications(page);
  });

  it('copies the name and a Markdown link from beside the id, and reveals the segment in the Segments view', async () => {
    const { page } = world;
    await lookUpThroughPalette(page, KNOWN_SEGMENT_ID);
    const web = webviewFrame(page);
    const name = fixture(KNOWN_SEGMENT_ID).name!;
    await web.locator('#segment-name', { hasText: name }).waitFor();
    const statusBar = page.locator('.statusbar');
    await web.locator('#copy-name:not([disabled])').click();
    await statusBar.getByText(`Copied segment name ${name}`).waitFor();
    await web.locator('#copied:not([hidden])').waitFor();
    await screenshotOf(activeEditorGroup(page), SHOTS_DIR, '60-panel-copy-name-and-link');
    await web.locator('#copy-markdown-link:not([disabled])').click();
    await statusBar.getByText(`Copied a Markdown link to segment ${KNOWN_SEGMENT_ID}`).waitFor();
    try {
      await web.locator('#reveal-in-view:not([disabled])').click();
      const row = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Segments' }) }).locator('.monaco-list-row.selected', { hasText: name });
      await row.waitFor();
      await screenshot(page, SHOTS_DIR, '61-panel-revealed-in-segments-view');
    } finally {
      // The next tests find the side bar as this one found it.
      await runCommand(page, 'View: Show Explorer');
    }
  });

  it('reads well in dark and high-contrast themes: banner, caveat, sizes error and readout', async () => {
    const { page, server } = world;
    await lookUpThroughPalette(page, NO_ANALYTICS_SEGMENT_ID);
    const web = webviewFrame(page);
    await web.locator('#analytics-caveat').waitFor();
    await web.locator('#size-chart canvas').first().waitFor();
    // One screen with every state this spec styles: a failed refresh over earlier details, the
    // caveat, the sizes error with Retry, and the readout on the chart drawn from the earlier sizes.
    server.serverErrors = -1;
    await web.locator('#refresh').click();
    await web.locator('#error-note').waitFor();
    await web.locator('#sizes-retry').waitFor();
    const shoot = async (name: string) => {
      await web.locator('#size-chart canvas').first().waitFor();
      const over = web.locator('#size-chart .u-over');
      const box = await over.boundingBox();
      assert.ok(box, 'the chart is not on screen');
      await over.hover({ position: { x: box.width * 0.4, y: box.height / 2 } });
      await readout(web);
      await screenshotOf(activeEditorGroup(page), SHOTS_DIR, name);
      await page.mouse.move(5, 5);
    };
    await shoot('59-theme-light');
    // The other specs' screenshots are made in the theme this one found: it is put back at the end.
    const original = await currentTheme(page);
    const originalBody = `body.${((await web.locator('body').getAttribute('class')) ?? '').split(/\s+/).filter((name) => name.startsWith('vscode-')).join('.')}`;
    try {
      await pickTheme(page, 'Dark Modern', 'body.vscode-dark');
      await shoot('58-theme-dark');
      await pickTheme(page, 'Dark High Contrast', 'body.vscode-high-contrast:not(.vscode-high-contrast-light)');
      await shoot('59-theme-high-contrast-dark');
      await pickTheme(page, 'Light High Contrast', 'body.vscode-high-contrast-light');
      await shoot('59-theme-high-contrast-light');
    } finally {
      await pickTheme(page, original, originalBody);
    }
    server.serverErrors = 0;
    await web.locator('#error-action', { hasText: 'Retry' }).click();
    await web.locator('#error').waitFor({ state: 'detached' });
  });
});
