// Hovering a segment id in an open file shows the segment's card; markup in Braze data stays text;
// a second hover is answered from the cache.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KNOWN_SEGMENT_ID, MARKUP_SEGMENT_ID } from '../server/fixtures';
import { SAMPLE_FILE, SHOTS_DIR, world } from './hooks';
import { ensureFullKey, hoverText, moveAway } from './steps';
import { openFile, screenshot } from './workbench';

const MARKUP_FILE = 'markup-audience.md';

describe('Hovering a segment id', function () {
  this.timeout(120_000);

  before(async () => {
    await ensureFullKey(world.page);
    fs.writeFileSync(path.join(world.folder, MARKUP_FILE), `# Odd audience\n\nsegment_id: ${MARKUP_SEGMENT_ID}\n`);
    // Wait until the explorer lists it: a row appearing under the mouse can take the next click.
    await world.page.locator('.explorer-folders-view .monaco-list-row', { hasText: MARKUP_FILE }).waitFor();
  });

  it('shows the card of the segment, and a second hover costs no request', async () => {
    const { page, server } = world;
    await openFile(page, SAMPLE_FILE, KNOWN_SEGMENT_ID);
    const before = server.requestCount('/segments/details', KNOWN_SEGMENT_ID);
    const hover = await hoverText(page, KNOWN_SEGMENT_ID, 'Lapsed buyers (EU)');
    const text = await hover.innerText();
    assert.match(text, /90-day winback audience/);
    assert.match(text, /winback/);
    assert.match(text, /Open details/i);
    await screenshot(page, SHOTS_DIR, '10-hover-card');
    await hover.screenshot({ path: path.join(SHOTS_DIR, 'hover-card.png') });
    const afterFirst = server.requestCount('/segments/details', KNOWN_SEGMENT_ID);
    assert.ok(afterFirst - before <= 1, `${afterFirst - before} requests for one hover`);

    await moveAway(page);
    await hoverText(page, KNOWN_SEGMENT_ID, 'Lapsed buyers (EU)');
    assert.equal(server.requestCount('/segments/details', KNOWN_SEGMENT_ID), afterFirst, 'the second hover asked Braze again');
    await moveAway(page);
  });

  it('shows a segment named with markup as text', async () => {
    const { page } = world;
    await openFile(page, MARKUP_FILE, MARKUP_SEGMENT_ID);
    const hover = await hoverText(page, MARKUP_SEGMENT_ID, '<img src=x');
    const text = await hover.innerText();
    assert.match(text, /<img src=x onerror="alert\(1\)"><script>alert\('xss'\)<\/script>/);
    assert.equal(await hover.locator('img, script, iframe').count(), 0, 'markup from Braze became elements');
    const links = await hover.locator('a').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('data-href') ?? a.getAttribute('href') ?? ''));
    assert.ok(links.every((href) => href.startsWith('command:braze.')), `a link not of ours: ${JSON.stringify(links)}`);
    assert.deepEqual(world.dialogs, []);
    await screenshot(page, SHOTS_DIR, '11-hover-markup');
    await moveAway(page);
  });
});
