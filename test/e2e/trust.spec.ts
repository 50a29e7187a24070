// Whom the extension trusts, in the real workbench: nobody. A hostile extension installed next to
// ours (test/neighbour/) must find the API key nowhere it can reach; a hostile server must not get its
// markup rendered as links or icons, nor have the key it echoes shown, stored or logged; and an answer
// that never ends must not balloon the extension host. Each test leaves a screenshot in test-results/e2e/.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { KEYS, NO_ANALYTICS_SEGMENT_ID } from '../server/fixtures';
import { SHOTS_DIR, world } from './hooks';
import { brazeLogFiles, extensionHostPid, memoryOf, pollUntil } from './extensionHost';
import { ensureFullKey, lookUpThroughPalette } from './steps';
import { activeEditorGroup, clearNotifications, runCommand, screenshot, screenshotOf, submitInputBox, waitForInputBox, webviewFrame } from './workbench';

// Fixture segments no other spec opens, so each lookup here opens a new panel and makes a request.
const MARKUP_LOOKUP_ID = '6c3e8f1a-4b7d-4a92-b1e5-7f0d3c9a2e84';
const ECHO_LOOKUP_ID = 'd7a2f5c9-8e1b-4c64-9f3a-2b6e0d8c1a75';
const ENDLESS_LOOKUP_ID = '48f1b6e3-2c9a-4d5e-b7a0-9e3c6f2d1b58';

/** What test/neighbour/extension.js writes after "Braze Neighbour: Probe". */
interface NeighbourReport {
  error?: string;
  exportsType: string;
  exportKeys: string[];
  stringsVisited: number;
  foundInExports: boolean;
  foundInExportsAt?: string;
  foundInGlobals: boolean;
  foundInGlobalsAt?: string;
  foundInDiagnostics: boolean;
  foundInDiagnosticsAt?: string;
  diagnosticsMessages: number;
  selfCheckMessages: number;
}

/**
 * Records, in every frame, what a webview hands the workbench to persist (vscode.setState): the
 * webview host page (pre/index.html) forwards it as a `do-update-state` message on a MessagePort.
 * An init script, so it is in place before the page's own scripts run; it applies to frames created
 * from now on, i.e. the panels this spec opens.
 */
const RECORD_WEBVIEW_STATE = `(() => {
  const states = [];
  Object.defineProperty(globalThis, '__brazeTrustStates', { value: states });
  const original = MessagePort.prototype.postMessage;
  MessagePort.prototype.postMessage = function (message, ...rest) {
    if (message && message.channel === 'do-update-state') states.push(String(message.data));
    return original.call(this, message, ...rest);
  };
})();`;

const toasts = (page: Page) => page.locator('.notifications-toasts .notification-toast');

/** The webview host frame of the visible panel (around the extension's page). */
const webviewHost = (page: Page) => page.locator('iframe.webview.ready').filter({ visible: true }).contentFrame();

/** Every state the visible panel's page asked the workbench to persist. */
async function persistedStates(page: Page): Promise<string[]> {
  return webviewHost(page)
    .locator('iframe#active-frame')
    .evaluate(() => [...((globalThis as unknown as { __brazeTrustStates?: string[] }).__brazeTrustStates ?? [])]);
}

/** Opens `id` in the panel and waits until the panel shows an error; returns the error's text. */
async function lookUpExpectingError(page: Page, id: string, timeout = 30_000): Promise<string> {
  await lookUpThroughPalette(page, id);
  const web = webviewFrame(page);
  await web.locator('#segment-id', { hasText: id }).waitFor();
  const message = web.locator('#error-message');
  await message.waitFor({ timeout });
  return (await message.textContent()) ?? '';
}

/**
 * Braze: Set API Key with `key`, and the notification that answers it (not the "Checking…" progress).
 * The previous key is kept when the check fails, so this is harmless against a hostile server.
 */
async function setKeyExpectingNotification(page: Page, key: string): Promise<Locator> {
  await runCommand(page, 'Braze: Set API Key');
  const input = await waitForInputBox(page, /Braze REST API Key for/);
  await input.pressSequentially(key);
  await submitInputBox(page);
  const answer = toasts(page).filter({ hasNotText: /Checking the API key/ }).first();
  await answer.waitFor();
  return answer;
}

/** Links in `part` that lead somewhere: command: or web links, except the extension's own commands. */
async function foreignLinks(part: Locator): Promise<string[]> {
  const links = await part.locator('a').evaluateAll((anchors) =>
    anchors.map((a) => ({ href: a.getAttribute('href') ?? a.getAttribute('data-href') ?? '', text: a.textContent ?? '', className: a.getAttribute('class') ?? '' })),
  );
  return links
    .filter((link) => /^(command:|https?:)/i.test(link.href.trim()) && !/^command:braze\./.test(link.href.trim()))
    .map((link) => `<a class="${link.className}" href="${link.href}">${link.text}</a>`);
}

describe('Trusting nobody: neighbours and servers', function () {
  this.timeout(120_000);

  before(async () => {
    await world.browser.addInitScript({ content: RECORD_WEBVIEW_STATE });
    await ensureFullKey(world.page);
  });

  // Each test reads the notifications it caused, and only those.
  beforeEach(() => clearNotifications(world.page));

  afterEach(() => {
    world.server.hostile = undefined;
  });

  it('gives a hostile neighbour extension no key: not in the exports, the globals or the undici diagnostics', async () => {
    const { page, server } = world;
    const report = world.neighbourReport;
    // The neighbour listens from its activation on: a request before that would prove nothing.
    await pollUntil('the neighbour extension to activate', () => (fs.existsSync(`${report}.active`) ? true : undefined), 60_000);

    const before = server.requests.length;
    await lookUpThroughPalette(page, NO_ANALYTICS_SEGMENT_ID);
    await webviewFrame(page).locator('#segment-name', { hasText: 'QA devices' }).waitFor();
    const sent = server.requests.slice(before).filter((r) => r.pathname === '/segments/details' && r.key === KEYS.all);
    assert.ok(sent.length > 0, 'the lookup sent no request with the key: there was nothing for the neighbour to see');

    fs.rmSync(report, { force: true });
    await runCommand(page, 'Braze Neighbour: Probe');
    const text = await pollUntil('the neighbour report', () => (fs.existsSync(report) ? fs.readFileSync(report, 'utf8') : undefined), 60_000);
    const found = JSON.parse(text) as NeighbourReport;
    console.log(`[e2e] neighbour report: ${JSON.stringify(found)}`);
    assert.equal(found.error, undefined, `the probe failed: ${found.error}`);
    assert.ok(found.selfCheckMessages > 0, 'the neighbour saw no diagnostics for its own fetch: its listening proves nothing');

    assert.equal(found.foundInExports, false, `the key is reachable from the extension's exports, at ${found.foundInExportsAt}`);
    assert.equal(found.foundInGlobals, false, `the key is reachable from globalThis, at ${found.foundInGlobalsAt}`);
    assert.equal(found.foundInDiagnostics, false, `the key was published on the diagnostics channel ${found.foundInDiagnosticsAt}`);
    assert.equal(found.exportsType, 'undefined', `activate() hands every extension an API: ${found.exportKeys.join(', ')}`);
  });

  it('shows a server message full of markup as text: no command or web links, no icons', async () => {
    const { page, server } = world;
    server.hostile = { kind: 'markup-message' };
    const panelError = await lookUpExpectingError(page, MARKUP_LOOKUP_ID);
    // A failed key check is where the server's words reach a notification.
    const toast = await setKeyExpectingNotification(page, KEYS.all);
    await screenshot(page, SHOTS_DIR, '30-trust-markup-message');
    await screenshotOf(toast, SHOTS_DIR, '31-trust-markup-toast');
    await screenshotOf(activeEditorGroup(page), SHOTS_DIR, '32-trust-markup-panel');
    const toastMessages = page.locator('.notifications-toasts .notification-list-item-message');
    console.log(`[e2e] panel: ${JSON.stringify(panelError)}\n[e2e] notifications: ${JSON.stringify(await toastMessages.allInnerTexts())}`);

    // Every problem at once, so one run tells the whole story.
    const problems: string[] = [];
    const expect = (ok: boolean, problem: string) => void (ok || problems.push(problem));
    const toastLinks = await foreignLinks(page.locator('.notifications-toasts'));
    expect(toastLinks.length === 0, `a notification made links of Braze text: ${toastLinks.join(' ')}`);
    expect((await toastMessages.locator('a').count()) === 0, 'a notification message has a link in it');
    expect((await toastMessages.locator('.codicon-alert').count()) === 0, 'a notification rendered $(alert) as an icon');
    const web = webviewFrame(page);
    const panelLinks = await foreignLinks(web.locator('body'));
    expect(panelLinks.length === 0, `the panel made links of Braze text: ${panelLinks.join(' ')}`);
    expect((await web.locator('.codicon-alert, img').count()) === 0, 'the panel rendered an icon or an image from Braze text');
    // Invisible and direction-changing characters (U+200B, U+202E, …) let a message hide or reverse
    // the words around it, e.g. "Your previous key is kept."
    for (const [where, text] of [['a notification', (await toastMessages.allInnerTexts()).join('\n')], ['the panel', panelError]]) {
      const hidden = [...text.matchAll(/\p{Cf}/gu)].map(([c]) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
      expect(hidden.length === 0, `${where} shows invisible characters from Braze: ${[...new Set(hidden)].join(' ')}`);
    }
    expect(world.dialogs.length === 0, `a dialog opened: ${world.dialogs.join('; ')}`);
    assert.deepEqual(problems, []);
  });

  it('renders no $(icon) from Braze names or tags in the Segments view or Look Up Segment', async () => {
    const { page, server } = world;
    const original = server.segments;
    const id = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
    server.setSegments([...original, { id, name: 'Iconic $(alert) $(zap) audience', tags: ['$(flame) hot'], teams: [], created_at: '2030-01-01T00:00:00Z' }]);
    try {
      // Focus (not the activity bar icon: a click on the open container would close it).
      await runCommand(page, 'Braze: Focus on Segments View');
      await runCommand(page, 'Braze: Refresh Segments');
      const sidebar = page.locator('.part.sidebar');
      const row = sidebar.locator('.monaco-list-row', { hasText: 'Iconic' }).first();
      await row.waitFor();
      assert.match((await row.innerText()).replace(/\s+/g, ' '), /Iconic \$\(alert\) \$\(zap\) audience/);
      assert.equal(await row.locator('.codicon-alert, .codicon-zap, .codicon-flame').count(), 0, 'a tree row rendered an icon from Braze text');
      await screenshotOf(sidebar, SHOTS_DIR, '37-trust-icons-in-tree');

      await runCommand(page, 'Braze: Look Up Segment');
      const input = await waitForInputBox(page, 'Look Up Braze Segment');
      await input.fill('Iconic');
      const pickRow = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Iconic' }).first();
      await pickRow.waitFor();
      assert.match(await pickRow.innerText(), /\$\(alert\)/);
      assert.equal(await pickRow.locator('.codicon-alert, .codicon-zap, .codicon-flame').count(), 0, 'a quick pick row rendered an icon from Braze text');
      await screenshot(page, SHOTS_DIR, '38-trust-icons-in-look-up');
      await page.keyboard.press('Escape');
    } finally {
      server.setSegments(original);
    }
  });

  it('shows, stores and logs no key that a server echoes back', async () => {
    const { page, server, codeServer } = world;
    server.hostile = { kind: 'echo-authorization' };
    const before = server.requests.length;
    await lookUpExpectingError(page, ECHO_LOOKUP_ID);
    const toast = await setKeyExpectingNotification(page, KEYS.all);
    await screenshot(page, SHOTS_DIR, '33-trust-echoed-key');
    await screenshotOf(toast, SHOTS_DIR, '34-trust-echoed-key-toast');
    await screenshotOf(activeEditorGroup(page), SHOTS_DIR, '35-trust-echoed-key-panel');
    const echoed = server.requests.slice(before).filter((r) => r.key === KEYS.all && r.status >= 400);
    assert.ok(echoed.some((r) => r.query.segment_id === ECHO_LOOKUP_ID), 'the server was never asked for the segment: nothing was echoed');

    const leaks: string[] = [];
    const check = (where: string, text: string) => {
      if (text.includes(KEYS.all)) leaks.push(where);
    };
    for (const [i, text] of (await toasts(page).allInnerTexts()).entries()) check(`notification ${i + 1}`, text);
    check('the status bar', await page.locator('.part.statusbar').innerText());
    const web = webviewFrame(page);
    check('the panel text', await web.locator('body').innerText());
    check('the panel page', await web.locator('html').evaluate((html) => html.outerHTML));
    const states = await persistedStates(page);
    assert.ok(states.some((state) => state.includes(ECHO_LOOKUP_ID)), 'no persisted panel state was recorded: the state check proves nothing');
    for (const state of states) check('the persisted panel state', state);
    // The log is written asynchronously: wait for the lines of this lookup, then read it whole.
    const log = await pollUntil('the Braze log to mention the lookup', () => {
      const text = brazeLogFiles(codeServer).map((file) => fs.readFileSync(file, 'utf8')).join('\n');
      return text.includes(ECHO_LOOKUP_ID) ? text : undefined;
    });
    check('the Braze log', log);
    assert.deepEqual([...new Set(leaks)], [], 'the echoed key is shown or kept');
  });

  it('reads an endless answer without the extension host growing by 150 MB', async () => {
    const { page, server, codeServer } = world;
    const pid = extensionHostPid(codeServer);
    const before = memoryOf(pid);
    server.hostile = { kind: 'endless-body' };
    let error: unknown;
    let message = '';
    try {
      // The request timeout (10 s by default) is the latest the panel can give up.
      message = await lookUpExpectingError(page, ENDLESS_LOOKUP_ID, 60_000);
    } catch (thrown) {
      error = thrown;
    }
    server.hostile = undefined;
    await screenshot(page, SHOTS_DIR, '36-trust-endless-answer');
    const alive = fs.existsSync(`/proc/${pid}`);
    const after = alive ? memoryOf(pid) : undefined;
    const mb = (n: number) => n.toFixed(0);
    console.log(
      `[e2e] extension host peak memory: before ${mb(before.peakMb)} MB, after ${after ? mb(after.peakMb) : '(process gone)'} MB (VmHWM); ` +
        `RSS before ${mb(before.rssMb)} MB, after ${after ? mb(after.rssMb) : '-'} MB; panel: ${message || '(no error shown)'}`,
    );
    assert.ok(after, `the extension host (pid ${pid}) died reading the endless answer`);
    if (error) throw error;
    const growth = after.peakMb - before.peakMb;
    assert.ok(growth < 150, `the extension host's peak memory grew by ${mb(growth)} MB reading an endless answer`);
  });
});
