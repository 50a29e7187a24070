// Proxies and Test Connection in the real extension host: with http.proxy in the user's settings, a
// lookup goes through a real forward proxy (the `proxy` package) with the credentials from the URL;
// a proxy answering 407 is named as the proxy in the panel; http.noProxy sends loopback directly;
// and Braze: Test Connection reports direct, proxied and failing set-ups in the Braze log.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ConnectionReport } from '../../src/braze/connectionTest';
import { KEYS, KNOWN_SEGMENT_ID, SPARSE_SEGMENT_ID, UNICODE_SEGMENT_ID } from '../server/fixtures';
import { ForwardProxy } from '../unit/braze/net/forwardProxy';
import { closeAllEditors, readLog, setKey, useBrazeServer, waitFor, workspace } from './helpers';

const CREDENTIALS = 'alice:integration-pr0xy-pass';
const PASSWORD = CREDENTIALS.split(':')[1];

/** Writes `http.<key>` to the user's settings, and waits until the extension host reads it back. */
async function setHttp(key: string, value: unknown): Promise<void> {
  const http = () => vscode.workspace.getConfiguration('http');
  await http().update(key, value, vscode.ConfigurationTarget.Global);
  // The host applies the change and fires onDidChangeConfiguration together: once it reads back, the
  // extension's NetworkSettings has heard of it.
  await waitFor(`http.${key} = ${JSON.stringify(value)}`, () => JSON.stringify(http().inspect(key)?.globalValue) === JSON.stringify(value));
}

describe('Proxy and Test Connection', () => {
  const ctx = useBrazeServer();
  let guarded: ForwardProxy;

  before(async () => {
    // Nothing else may ask Braze meanwhile: an open Segments in Code view checks the folder's ids.
    await vscode.commands.executeCommand('workbench.view.explorer');
    guarded = await ForwardProxy.start({ credentials: CREDENTIALS });
    assert.equal(await setKey(KEYS.all), 'saved');
  });
  beforeEach(() => {
    guarded.requests.length = 0;
    workspace(ctx).service.clear();
  });
  afterEach(async () => {
    await setHttp('proxy', undefined);
    await setHttp('noProxy', undefined);
    await closeAllEditors();
  });
  after(async () => {
    await guarded?.close();
  });

  it('sends a lookup through http.proxy from the user settings, with the credentials of its URL', async () => {
    await setHttp('proxy', guarded.url(CREDENTIALS));
    await vscode.commands.executeCommand('braze.lookupSegment', KNOWN_SEGMENT_ID);
    const state = ctx.api.panels.get(KNOWN_SEGMENT_ID)!.current;
    assert.equal(state.error, undefined, state.error?.message);
    assert.equal(state.segment?.name, 'Lapsed buyers (EU)');
    const seen = guarded.requests.filter((r) => r.target.startsWith(`${ctx.server.url}/segments/details?segment_id=${KNOWN_SEGMENT_ID}`));
    assert.equal(seen.length, 1, JSON.stringify(guarded.requests));
    assert.equal(seen[0].authorization, `Basic ${Buffer.from(CREDENTIALS).toString('base64')}`);
  });

  it('names the proxy when it answers 407, and never shows its password', async () => {
    await setHttp('proxy', guarded.url());
    await vscode.commands.executeCommand('braze.lookupSegment', SPARSE_SEGMENT_ID);
    const message = ctx.api.panels.get(SPARSE_SEGMENT_ID)!.current.error?.message ?? '';
    assert.match(message, new RegExp(`^The proxy http://127\\.0\\.0\\.1:${guarded.port} \\(from http\\.proxy\\) asks for credentials \\(407\\)\\. Put the user name and password in http\\.proxy`));
    assert.equal(ctx.server.requestCount('/segments/details', SPARSE_SEGMENT_ID), 0, 'Braze never saw it');
    const log = await waitFor('the 407 in the log', async () => {
      const text = await readLog(ctx.api.logUri);
      return text.includes('asks for credentials (407)') ? text : undefined;
    }, 15_000);
    assert.ok(!log.includes(PASSWORD), 'the log holds the proxy password');
  });

  it('reaches a loopback endpoint directly when http.noProxy lists it', async () => {
    await setHttp('proxy', guarded.url(CREDENTIALS));
    await setHttp('noProxy', ['127.0.0.1']);
    await vscode.commands.executeCommand('braze.lookupSegment', UNICODE_SEGMENT_ID);
    assert.ok(ctx.api.panels.get(UNICODE_SEGMENT_ID)!.current.segment, 'the segment loaded');
    assert.equal(guarded.requests.length, 0);
  });

  describe('Braze: Test Connection', () => {
    async function testConnection(): Promise<{ report: ConnectionReport; log: string }> {
      const report = await vscode.commands.executeCommand<ConnectionReport | undefined>('braze.testConnection');
      assert.ok(report, 'Test Connection returned no report: it asked which workspace to test');
      const log = await waitFor('the report in the log', async () => {
        const text = await readLog(ctx.api.logUri);
        return text.includes(`Result: ${report.summary}`) ? text : undefined;
      }, 15_000);
      return { report, log };
    }

    it('direct: every step passes and the log has the report', async () => {
      const { report, log } = await testConnection();
      assert.ok(report.ok, report.summary);
      assert.match(log, new RegExp(`Test Connection for ${ctx.server.url.replace(/\./g, '\\.')}`));
      assert.match(log, /\[ok\] Route: directly \(no proxy is set/);
      assert.match(log, /\[ok\] Permission segments\.data_series: granted/);
      assert.match(report.summary, /answers directly: the key can read segment details, lists and sizes/);
    });

    it('proxied: the route names the proxy, and the proxy saw the requests', async () => {
      await setHttp('proxy', guarded.url(CREDENTIALS));
      const { report, log } = await testConnection();
      assert.ok(report.ok, report.summary);
      assert.match(log, new RegExp(`\\[ok\\] Route: through the proxy http://127\\.0\\.0\\.1:${guarded.port} \\(from http\\.proxy, with the credentials in its URL\\)`));
      assert.equal(guarded.count(`${ctx.server.url}/segments/`), 3, 'one request per permission');
      assert.ok(!log.includes(PASSWORD));
    });

    it('failing: a 407 fails the HTTP step, named as the proxy', async () => {
      await setHttp('proxy', guarded.url());
      const { report, log } = await testConnection();
      assert.equal(report.ok, false);
      assert.match(report.summary, /failed at "HTTP": no answer: The proxy http:\/\/127\.0\.0\.1:\d+ \(from http\.proxy\) asks for credentials \(407\)\.$/);
      assert.match(log, /\[FAIL\] HTTP: no answer: The proxy/);
      assert.match(log, /\[skip\] API key: not tried: no HTTP answer/);
    });
  });
});
