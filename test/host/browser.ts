// Debian's chromium driven by playwright-core: no browser download, headless, no network of its own.
import * as fs from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { chromiumPath } from './paths';
import { onCleanup } from './processes';

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox', // root in CI containers
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage', // small /dev/shm in containers
];

export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_ARGS] });
  const unregister = onCleanup(() => browser.close());
  browser.on('disconnected', unregister);
  return browser;
}

/** A browser with its own profile folder (fresh each run), sized like a laptop screen. */
export async function launchPersistentBrowser(profileDir: string): Promise<BrowserContext> {
  fs.rmSync(profileDir, { recursive: true, force: true });
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [...CHROMIUM_ARGS],
  });
  const unregister = onCleanup(() => context.close());
  context.on('close', unregister);
  return context;
}
