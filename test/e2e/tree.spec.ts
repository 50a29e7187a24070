// The Braze activity-bar container: the Segments view's rows, a click into the detail panel with its
// chart, the filter, and the explanation shown for a key without segments.list.
import * as assert from 'node:assert/strict';
import { FIXTURE_SEGMENTS, KEYS, KNOWN_SEGMENT_ID, generateWorkspace } from '../server/fixtures';
import { SHOTS_DIR, world } from './hooks';
import { ensureFullKey, setKeyThroughPalette, treeRowsIn } from './steps';
import { clearNotifications, quickInput, runCommand, screenshot, submitInputBox, waitForFocusedRow, waitForInputBox, webviewFrame } from './workbench';

const KNOWN_NAME = FIXTURE_SEGMENTS.find((segment) => segment.id === KNOWN_SEGMENT_ID)!.name!;

describe('Browsing segments in the Braze view', function () {
  this.timeout(120_000);
  const sidebar = () => world.page.locator('.part.sidebar');
  const rows = () => sidebar().locator('.monaco-list-row');
  // In the container's title while the Segments view is its only one shown, else in the view's own header.
  const titleAction = (label: string) =>
    sidebar().locator(`.title-actions .action-label[aria-label^="${label}"], .pane-header .actions .action-label[aria-label^="${label}"]`).filter({ visible: true }).first();
  /** Polls the view's row labels until `done` holds (the tree redraws asynchronously). */
  const rowsUntil = async (what: string, done: (labels: string[]) => boolean, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    let labels: string[] = [];
    while (Date.now() < deadline) {
      labels = await rows().allTextContents();
      if (done(labels)) return labels;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.fail(`timed out waiting for ${what}; rows: ${JSON.stringify(labels.slice(0, 10))}`);
  };

  before(async () => {
    await ensureFullKey(world.page);
    await clearNotifications(world.page);
  });

  it('opens the Braze container and lists the segments', async () => {
    const { page } = world;
    await page.locator('.activitybar .action-item .action-label[aria-label^="Braze"]').click();
    await rows().filter({ hasText: KNOWN_NAME }).waitFor();
    await rowsUntil('ten rows', (labels) => labels.length >= 10);
    await screenshot(page, SHOTS_DIR, '20-segments-view');
  });

  it('opens a segment from its row, with the size chart drawn', async () => {
    const { page } = world;
    await rows().filter({ hasText: KNOWN_NAME }).first().click();
    const web = webviewFrame(page);
    await web.locator('#segment-name', { hasText: KNOWN_NAME }).waitFor();
    await web.locator('#size-chart canvas').first().waitFor();
    assert.match((await web.locator('#size-change').textContent()) ?? '', /(Up|Down|Unchanged) .*over 30 days/);
    await screenshot(page, SHOTS_DIR, '21-tree-and-panel');
  });

  it('filters the view by name and clears the filter', async () => {
    const { page } = world;
    await sidebar().hover();
    await titleAction('Filter Segments').click();
    await waitForInputBox(page, 'Filter Segments');
    await submitInputBox(page, 'Lapsed');
    await rowsUntil('only "Lapsed" rows', (labels) => labels.length > 0 && labels.every((label) => /lapsed/i.test(label)));
    await screenshot(page, SHOTS_DIR, '22-filtered');
    await sidebar().hover();
    await titleAction('Clear Segment Filter').click();
    await rowsUntil('rows without "Lapsed" again', (labels) => labels.some((label) => !/lapsed/i.test(label)));
  });

  it('finds segments by name or tag in Look Up Segment, before any "look up this text as an id"', async () => {
    const { page } = world;
    await runCommand(page, 'Braze: Look Up Segment');
    const input = await waitForInputBox(page, 'Look Up Braze Segment');
    await input.fill('Lapsed');
    await waitForFocusedRow(page, KNOWN_NAME);
    await screenshot(page, SHOTS_DIR, '24-look-up-by-name');
    // A tag matches only the row's description, while "Look up winback" matches its label; the
    // segments must still come first (the text is also a valid, non-UUID id).
    await input.fill('winback');
    await waitForFocusedRow(page, /./);
    const focused = (await quickInput(page).focusedRow.textContent()) ?? '';
    assert.ok(!focused.includes('Look up'), `focused: ${focused}`);
    assert.match(focused, /winback/i);
    await input.fill('Lapsed');
    await waitForFocusedRow(page, KNOWN_NAME);
    await submitInputBox(page);
    await webviewFrame(page).locator('#segment-id', { hasText: KNOWN_SEGMENT_ID }).waitFor();
  });

  it('explains a key without segments.list, then recovers with a full key', async () => {
    const { page } = world;
    await setKeyThroughPalette(page, KEYS.noList, /lacks segments\.list/);
    const welcome = sidebar().locator('.welcome-view-content', { hasText: 'lacks the segments.list permission' });
    await welcome.waitFor();
    assert.equal(await rows().count(), 0);
    await screenshot(page, SHOTS_DIR, '23-no-list-permission');
    await setKeyThroughPalette(page, KEYS.all, 'Braze API key saved for');
    await rows().filter({ hasText: KNOWN_NAME }).waitFor();
  });

  it('lists 100,000 segments: the first 500, then a "Show 500 more…" row', async function () {
    this.timeout(600_000);
    const { page, server } = world;
    const original = server.segments;
    const total = 100_000;
    try {
      server.setSegments([...original, ...generateWorkspace(total - original.length, 13)]);
      server.resetRecords();
      await runCommand(page, 'Braze: Refresh Segments');
      // The short page ends the list: 1,000 full pages, then one with nothing left.
      const lastPage = String(total / 100);
      for (const deadline = Date.now() + 540_000; !server.requests.some((request) => request.pathname === '/segments/list' && request.query.page === lastPage && request.status === 200); ) {
        assert.ok(Date.now() < deadline, `the list did not load: ${server.requests.length} requests`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      // A click on the container's icon while it is shown would hide the side bar.
      if (!(await sidebar().locator('.pane-header', { hasText: 'Segments' }).count())) await page.locator('.activitybar .action-item .action-label[aria-label^="Braze"]').click();
      await rows().first().waitFor();
      // The view's header counts every row; the list under it is the first 500 (see the integration tests).
      await sidebar().locator('.pane-header', { hasText: 'Segments' }).filter({ hasText: '100,000' }).first().waitFor({ timeout: 60_000 });
      const shown = await treeRowsIn(sidebar());
      assert.ok(shown.length > 5 && shown.every((row) => row.level === 1), JSON.stringify(shown.slice(0, 3)));
      await screenshot(page, SHOTS_DIR, '25-segments-view-100k');
    } finally {
      server.setSegments(original);
      await runCommand(page, 'Braze: Refresh Segments');
      await rowsUntil('the fixture rows again, without a "Show more" row', (labels) => labels.some((label) => label.includes(KNOWN_NAME)) && !labels.some((label) => label.includes('Show 500 more')), 120_000);
    }
  });
});
