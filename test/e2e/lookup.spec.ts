// Look Up Segment and key setup tell the truth, in the real workbench: a name is never taken for an
// id, garbage is not offered as one, "no match" is said, an uppercase id is found, a pasted id is
// listed once, the endpoint picker opens on the endpoint in use, and a first wrong key does not
// claim a previous key was kept. Each step leaves a screenshot in test-results/e2e/.
import * as assert from 'node:assert/strict';
import { FIXTURE_SEGMENTS, KEYS, KNOWN_SEGMENT_ID, UNICODE_SEGMENT_ID } from '../server/fixtures';
import { SHOTS_DIR, world } from './hooks';
import { ensureFullKey, setKeyThroughPalette } from './steps';
import { clearNotifications, quickInput, runCommand, screenshot, submitInputBox, waitForFocusedRow, waitForInputBox, waitForToast, webviewFrame } from './workbench';

const rows = (page: import('playwright-core').Page) => quickInput(page).widget.locator('.quick-input-list .monaco-list-row');

describe('Look Up Segment and key setup, truthfully', function () {
  this.timeout(120_000);

  before(() => ensureFullKey(world.page));
  afterEach(async () => {
    await world.page.keyboard.press('Escape');
    await clearNotifications(world.page);
  });

  it('with a key that cannot list segments, takes neither a name nor garbage for an id', async () => {
    const { page, server } = world;
    await setKeyThroughPalette(page, KEYS.noList, 'Braze API key saved for');
    try {
      await runCommand(page, 'Braze: Look Up Segment');
      const input = await waitForInputBox(page, 'Look Up Braze Segment');
      await input.fill('Lapsed');
      const noMatch = rows(page).filter({ hasText: 'No segment name, tag or id contains “Lapsed”' });
      await noMatch.waitFor();
      assert.match(await noMatch.innerText(), /lacks segments\.list/);
      assert.equal(await rows(page).filter({ hasText: 'Look up Lapsed' }).count(), 0, 'a name is offered as an id');
      await screenshot(page, SHOTS_DIR, '40-lookup-name-without-list');
      const before = server.requestCount('/segments/details');
      await page.keyboard.press('Enter'); // the pick stays open: there is nothing to look up
      await quickInput(page).title.filter({ hasText: 'paste a segment id' }).waitFor();
      assert.equal(server.requestCount('/segments/details'), before, 'Enter on a name sent a details request');
      await input.fill('asdf;DROP');
      await rows(page).filter({ hasText: 'No segment name, tag or id contains “asdf;DROP”' }).waitFor();
      assert.equal(await rows(page).filter({ hasText: 'Look up asdf' }).count(), 0, 'garbage is offered as an id');
    } finally {
      await world.page.keyboard.press('Escape');
      await setKeyThroughPalette(page, KEYS.all, 'Braze API key saved for');
    }
  });

  it('says "no match" for text no segment has, and finds an uppercase id', async () => {
    const { page } = world;
    await runCommand(page, 'Braze: Look Up Segment');
    const input = await waitForInputBox(page, 'Look Up Braze Segment');
    await input.fill('hello world!!');
    await rows(page).filter({ hasText: 'No segment name, tag or id contains “hello world!!”' }).waitFor();
    await screenshot(page, SHOTS_DIR, '41-lookup-no-match');
    await input.fill(UNICODE_SEGMENT_ID.toUpperCase());
    await waitForFocusedRow(page, UNICODE_SEGMENT_ID);
    await submitInputBox(page);
    const name = FIXTURE_SEGMENTS.find((segment) => segment.id === UNICODE_SEGMENT_ID)!.name!;
    await webviewFrame(page).locator('#segment-name', { hasText: name.slice(0, 10) }).waitFor();
    assert.equal(await webviewFrame(page).locator('#segment-id').textContent(), UNICODE_SEGMENT_ID);
  });

  it('lists a pasted id once, under its name, once the list has it', async () => {
    const { page } = world;
    await runCommand(page, 'Braze: Look Up Segment');
    const input = await waitForInputBox(page, 'Look Up Braze Segment');
    await input.fill(KNOWN_SEGMENT_ID);
    const known = FIXTURE_SEGMENTS.find((segment) => segment.id === KNOWN_SEGMENT_ID)!;
    await rows(page).filter({ hasText: known.name! }).first().waitFor();
    assert.equal(await rows(page).filter({ hasText: KNOWN_SEGMENT_ID }).count(), 1, 'the id is listed twice');
    await screenshot(page, SHOTS_DIR, '42-lookup-pasted-id-once');
  });

  it('opens the endpoint picker on the endpoint in use', async () => {
    const { page } = world;
    await runCommand(page, 'Braze: Select REST Endpoint');
    await quickInput(page).title.filter({ hasText: 'Braze REST Endpoint' }).waitFor();
    // The test server is a custom endpoint: "Other…" holds it.
    await waitForFocusedRow(page, /Other…/);
    assert.match(await quickInput(page).focusedRow.innerText(), /current: http:\/\/127\.0\.0\.1:\d+/);
    await screenshot(page, SHOTS_DIR, '43-endpoint-picker-on-current');
  });

  it('does not claim a previous key was kept when there was none', async () => {
    const { page } = world;
    await runCommand(page, 'Braze: Clear API Key');
    // The key goes only once the modal is answered.
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.filter({ hasText: 'Clear the API key of' }).waitFor();
    await dialog.getByRole('button', { name: 'Clear Key', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitForToast(page, /removed from this machine/);
    await clearNotifications(page);
    try {
      const toast = await setKeyThroughPalette(page, 'not-a-real-key-42', 'Braze rejected this key for');
      const text = await toast.innerText();
      assert.match(text, /No key was saved/);
      assert.doesNotMatch(text, /previous key/);
      await screenshot(page, SHOTS_DIR, '44-first-key-rejected');
    } finally {
      await clearNotifications(page);
      await setKeyThroughPalette(page, KEYS.all, 'Braze API key saved for');
    }
  });
});
