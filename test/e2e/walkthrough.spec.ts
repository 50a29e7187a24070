// At home in VS Code: the Get Started walkthrough checks its steps off by itself, Look Up Segment has
// a default keybinding that no other binding of this workbench shares, and the extension's details
// page (the installed .vsix's README) shows its screenshots without a network or a repository.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { KEYS, KNOWN_SEGMENT_ID } from '../server/fixtures';
import { SAMPLE_FILE, SHOTS_DIR, world } from './hooks';
import { clearKeyThroughPalette, hoverText, loadedImagesIn, moveAway, setKeyThroughPalette, walkthroughStep } from './steps';
import { activeEditorGroup, clearNotifications, openFile, quickInput, runCommand, screenshot, screenshotOf, waitForInputBox, webviewFrame } from './workbench';

describe('At home in VS Code', function () {
  this.timeout(120_000);

  afterEach(async () => {
    const { page } = world;
    if (await quickInput(page).widget.isVisible()) await page.keyboard.press('Escape');
  });

  it('leads through setup in a walkthrough whose steps check themselves off', async () => {
    const { page } = world;
    // Start from no key and a walkthrough never progressed, whichever specs ran before.
    await clearKeyThroughPalette(page);
    await runCommand(page, 'Developer: Reset Welcome Page Walkthrough Progress');
    await runCommand(page, 'Braze: Get Started');
    const title = page.locator('.gettingStartedContainer h2.category-title', { hasText: 'Get Started with Braze Segments' });
    await title.waitFor({ state: 'visible' });
    for (const step of ['Choose your Braze instance', 'Set a REST API key', 'Hover a segment id', 'Browse every segment']) {
      await page.locator('.gettingStartedContainer .getting-started-step', { hasText: step }).waitFor({ state: 'visible' });
    }
    const keyStep = walkthroughStep(page, 'setKey');
    assert.equal(await keyStep.getAttribute('aria-checked'), 'false', 'the key step was done before a key was set');
    // The key step shows the permissions to give the key, beside its button.
    await page.locator('.gettingStartedContainer .getting-started-step', { hasText: 'Set a REST API key' }).click();
    await page.locator('.gettingStartedContainer .getting-started-step.expanded', { hasText: 'segments.data_series' }).waitFor({ state: 'visible' });
    await screenshot(page, SHOTS_DIR, '100-walkthrough');

    await setKeyThroughPalette(page, KEYS.all, 'Braze API key saved for');
    await page.locator(`.gettingStartedContainer [data-done-step-id$="#setKey"][aria-checked="true"]`).waitFor({ state: 'visible' });
    await clearNotifications(page);
    await screenshot(page, SHOTS_DIR, '101-walkthrough-key-step-done');
  });

  it("opens an example segment id from the hover step, whose card shows", async () => {
    const { page } = world;
    // One editor group, so that the scratch file gets the width of the window (the id in view).
    await runCommand(page, 'View: Close All Editor Groups');
    await runCommand(page, 'Braze: Get Started');
    await page.locator('.gettingStartedContainer .getting-started-step', { hasText: 'Hover a segment id' }).click();
    await page.locator('.gettingStartedContainer .getting-started-step.expanded .button-container a, .gettingStartedContainer .getting-started-step.expanded button', { hasText: 'Open an Example' }).first().click();
    // The first segment the Segments view listed (whatever the specs before left the server saying
    // about it), or a placeholder id whose card says it is unknown: a card, either way.
    await page.locator('.tabs-container .tab.active', { hasText: 'Untitled' }).waitFor({ state: 'visible' });
    const hover = await hoverText(page, /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, /\S/);
    assert.ok((await hover.innerText()).trim().length > 0, 'an empty card');
    await screenshot(page, SHOTS_DIR, '105-example-segment-id');
    await moveAway(page);
    await runCommand(page, 'View: Revert and Close Editor');
    // The specs after this one find the editors as they were: the walkthrough goes too.
    await runCommand(page, 'View: Close All Editors');
  });

  it('looks up a segment on Ctrl+Shift+Alt+B, a key no other command of the workbench is bound to', async () => {
    const { page } = world;
    await runCommand(page, 'Preferences: Open Keyboard Shortcuts');
    const search = page.locator('.keybindings-editor .keybindings-header input').first();
    await search.waitFor({ state: 'visible' });
    const rows = page.locator('.keybindings-editor .keybindings-table-container .monaco-list-row').filter({ visible: true });
    const unfiltered = rows.filter({ hasText: 'Accept Inline Completion' }).first();
    await unfiltered.waitFor({ state: 'visible' });
    // Quoted, the search matches the keybinding exactly (not commands whose title has the words).
    await search.fill('"ctrl+shift+alt+b"');
    await unfiltered.waitFor({ state: 'detached' });
    await rows.filter({ hasText: 'Look Up Segment' }).first().waitFor({ state: 'visible' });
    const commands = await rows.allInnerTexts();
    assert.equal(commands.length, 1, `more than one command on Ctrl+Shift+Alt+B: ${JSON.stringify(commands)}`);
    await screenshot(page, SHOTS_DIR, '102-keybinding-alone');
    await page.keyboard.press('Escape');
    await runCommand(page, 'View: Close Editor');

    // And it works: the lookup opens from the editor.
    await runCommand(page, 'View: Show Explorer');
    await openFile(page, SAMPLE_FILE, KNOWN_SEGMENT_ID);
    await page.keyboard.press('Control+Shift+Alt+B');
    await waitForInputBox(page, 'Look Up Braze Segment');
    await page.keyboard.press('Escape');
  });

  it("shows the README's screenshots on the extension's details page, offline", async () => {
    const { page } = world;
    await openDetailsPage(page);
    const readme = webviewFrame(page);
    await readme.locator('h1', { hasText: 'Braze Segments for VS Code' }).waitFor({ state: 'visible' });
    const images = await loadedImagesIn(readme);
    assert.equal(images.length, 4, `the README has 4 screenshots, the page ${images.length}`);
    for (const image of images) {
      assert.ok(image.naturalWidth > 0, `${image.alt} did not load (${image.src.slice(0, 40)}…)`);
      assert.match(image.src, /^data:image\/webp;base64,/, `${image.alt} is not inlined`);
    }
    await screenshot(page, SHOTS_DIR, '103-details-page');
    await readme.locator('img[alt^="A hover card"]').scrollIntoViewIfNeeded();
    await screenshotOf(activeEditorGroup(page), SHOTS_DIR, '104-details-page-screenshots');
    await runCommand(page, 'View: Close Editor');
  });
});

/** The Extensions view (its Installed list), and a click on Braze Segments: its details page. */
async function openDetailsPage(page: Page): Promise<void> {
  await page.locator('.activitybar .action-item a[aria-label^="Extensions"]').click();
  const row = page.locator('.extensions-viewlet .monaco-list-row').filter({ has: page.locator('.extension-list-item .name', { hasText: /^Braze Segments$/ }) }).first();
  await row.waitFor({ state: 'visible' });
  await row.click();
  await page.locator('.extension-editor .name', { hasText: 'Braze Segments' }).waitFor({ state: 'visible' });
}
