// A person's first minutes with the extension, through the command palette of a real VS Code in a
// real browser: set the API key, look up a segment, read the panel, meet a segment whose name is
// markup, and paste a wrong key. Each step leaves a screenshot in test-results/e2e/.
import * as assert from 'node:assert/strict';
import { FIXTURE_SEGMENTS, KEYS, KNOWN_SEGMENT_ID, MARKUP_SEGMENT_ID, UNICODE_SEGMENT_ID } from '../server/fixtures';
import { SAMPLE_FILE, SHOTS_DIR, world } from './hooks';
import { activeEditorGroup, activeTab, clearNotifications, openFile, runCommand, screenshot, submitInputBox, waitForFocusedRow, waitForInputBox, waitForToast, webviewFrame, screenshotOf } from './workbench';

const fixture = (id: string) => FIXTURE_SEGMENTS.find((segment) => segment.id === id)!;

describe('A person using the Braze commands', function () {
  this.timeout(120_000);

  it('sets the API key in the password input box', async () => {
    const { page } = world;
    await runCommand(page, 'Braze: Set API Key');
    const input = await waitForInputBox(page, /Braze REST API Key for/);
    assert.equal(await input.getAttribute('type'), 'password', 'the key is typed in the clear');
    await input.pressSequentially(KEYS.all);
    await screenshot(page, SHOTS_DIR, '01-set-api-key');
    await submitInputBox(page);
    await waitForToast(page, 'Braze API key saved for');
    await screenshot(page, SHOTS_DIR, '02-key-saved');
    assert.ok(world.server.requests.some((r) => r.key === KEYS.all), 'the key never reached the server');
  });

  it('looks up the segment id under the cursor and reads it in the panel', async () => {
    const { page } = world;
    await openFile(page, SAMPLE_FILE, KNOWN_SEGMENT_ID);
    // Click the string once the editor has tokenized it into its own span (before that, the span
    // is the whole line and its middle might not be the id).
    // Once the name is known, its inlay hint stands between the id and the closing quote.
    await page.locator('.view-line span span', { hasText: new RegExp(`^'${KNOWN_SEGMENT_ID}'?$`) }).click();
    await runCommand(page, 'Braze: Look Up Segment');
    const input = await waitForInputBox(page, 'Look Up Braze Segment');
    assert.equal(await input.inputValue(), KNOWN_SEGMENT_ID, 'the box is not prefilled with the id under the cursor');
    await waitForFocusedRow(page, KNOWN_SEGMENT_ID);
    await screenshot(page, SHOTS_DIR, '03-look-up-segment');
    await submitInputBox(page);

    const known = fixture(KNOWN_SEGMENT_ID);
    const web = webviewFrame(page);
    await web.locator('#segment-name', { hasText: known.name! }).waitFor();
    assert.equal(await web.locator('#segment-id').textContent(), KNOWN_SEGMENT_ID);
    assert.equal((await web.locator('[data-field=text_description]').textContent())?.trim(), known.text_description);
    assert.equal((await web.locator('[data-field=description]').textContent())?.trim(), known.description);
    assert.deepEqual(await web.locator('.chip.tag').allTextContents(), known.tags);
    assert.deepEqual(await web.locator('.chip.team').allTextContents(), known.teams);
    await activeTab(page).filter({ hasText: known.name! }).waitFor();
    await web.locator('#size-chart canvas').first().waitFor(); // the key can read sizes: the chart is drawn
    await screenshot(page, SHOTS_DIR, '04-segment-panel');
    await clearNotifications(page);
    await screenshotOf(activeEditorGroup(page), SHOTS_DIR, 'panel-known-segment'); // for the README
  });

  it('shows a segment named with HTML and Markdown as text, and runs none of it', async () => {
    const { page } = world;
    await runCommand(page, 'Braze: Look Up Segment');
    const input = await waitForInputBox(page, 'Look Up Braze Segment');
    await input.fill(MARKUP_SEGMENT_ID);
    await waitForFocusedRow(page, MARKUP_SEGMENT_ID);
    await submitInputBox(page);

    const markup = fixture(MARKUP_SEGMENT_ID);
    const web = webviewFrame(page);
    await web.locator('#segment-id', { hasText: MARKUP_SEGMENT_ID }).waitFor();
    const name = web.locator('#segment-name');
    await name.filter({ hasText: '<img src=x' }).waitFor();
    assert.equal(await name.textContent(), markup.name!.trim());
    assert.deepEqual(await web.locator('.chip.tag').allTextContents(), markup.tags);
    assert.deepEqual(await web.locator('.chip.team').allTextContents(), markup.teams);
    assert.match((await web.locator('[data-field=text_description]').textContent()) ?? '', /\[run\]\(command:workbench\.action\.quit\)/);
    // Nothing from the data became an element: no image, script, frame, link or bold text in the page.
    for (const selector of ['img', 'script:not([nonce])', 'iframe', 'a', 'b', 'i', 'h1 *']) {
      assert.equal(await web.locator(`#root ${selector}`).count(), 0, `#root has a <${selector}> from the segment data`);
    }
    assert.equal(await web.locator('img').count(), 0, 'an <img> was added to the page');
    assert.deepEqual(world.dialogs, [], 'a dialog opened');
    await screenshot(page, SHOTS_DIR, '05-markup-as-text');
    await clearNotifications(page);
    await screenshotOf(activeEditorGroup(page), SHOTS_DIR, 'panel-markup-segment'); // for the README
  });

  it('says clearly that Braze rejected a wrong key, and keeps the previous one', async () => {
    const { page } = world;
    await runCommand(page, 'Braze: Set API Key');
    const input = await waitForInputBox(page, /Braze REST API Key for/);
    await input.pressSequentially('not-a-real-key-42');
    await submitInputBox(page);
    const toast = await waitForToast(page, 'Braze rejected this key for');
    const text = await toast.innerText();
    assert.match(text, /check the key, or the REST endpoint/);
    assert.match(text, /Your previous key is kept/);
    await toast.getByRole('button', { name: 'Save Anyway' }).waitFor();
    await screenshot(page, SHOTS_DIR, '06-key-rejected');
  });

  it('still looks up segments with the previous key', async () => {
    const { page } = world;
    world.server.resetRecords();
    await runCommand(page, 'Braze: Look Up Segment');
    const input = await waitForInputBox(page, 'Look Up Braze Segment');
    await input.fill(UNICODE_SEGMENT_ID);
    await waitForFocusedRow(page, UNICODE_SEGMENT_ID);
    await submitInputBox(page);
    const web = webviewFrame(page);
    await web.locator('#segment-name', { hasText: 'Power users' }).waitFor();
    const keys = world.server.requests.filter((r) => r.pathname === '/segments/details').map((r) => r.key);
    assert.deepEqual(keys, [KEYS.all]);
    await screenshot(page, SHOTS_DIR, '07-previous-key-kept');
  });
});
