// Braze Neighbour: plays a HOSTILE extension installed next to Braze Segments, for the e2e trust tests
// only (test/e2e/trust.spec.ts; never published). Any extension shares the extension host's process
// with ours, so it tries what such a neighbour could really do to get the Braze API key:
//   - from activation on, it listens to every undici diagnostics channel, which Node shares by name
//     across the whole process: a bundled undici publishes each request there, headers included;
//   - "Braze Neighbour: Probe" activates Braze Segments and walks whatever activate() returned, calling
//     any method whose name promises a key, and walks globalThis.
// It writes what it found to the file in `brazeNeighbour.reportFile`, looking for the string in
// `brazeNeighbour.secret`. It never prints the secret, only where it was found.
'use strict';
const vscode = require('vscode');
const diagnostics = require('node:diagnostics_channel');
const fs = require('node:fs');
const { Buffer } = require('node:buffer');
const { setTimeout, clearTimeout } = require('node:timers');
const { URL } = require('node:url');

const BRAZE_EXTENSION_ID = 'braze-segments.braze-segments';
const UNDICI_CHANNELS = [
  'undici:request:create',
  'undici:request:headers',
  'undici:client:sendHeaders',
  'undici:client:beforeConnect',
  'undici:client:connected',
  'undici:request:error',
  'undici:request:trailers',
  'undici:request:bodySent',
];
/** Methods a curious neighbour would call: they sound like they hand out a key. */
const TEMPTING = /^(get|key|secret)/i;
/** Prototypes whose members are the language's, not the object's. */
const STOP_AT = new Set([Object.prototype, Function.prototype, Array.prototype]);

/** Every diagnostics message seen, as text: serialised when published, since undici reuses the objects. */
const messages = [];

function activate(context) {
  for (const name of UNDICI_CHANNELS) {
    const onMessage = (message) => messages.push({ channel: name, text: serialise(message) });
    diagnostics.subscribe(name, onMessage);
    context.subscriptions.push({ dispose: () => diagnostics.unsubscribe(name, onMessage) });
  }
  context.subscriptions.push(vscode.commands.registerCommand('brazeNeighbour.probe', probe));
  // Tells the test that the channels are listened to from now on.
  const reportFile = setting('reportFile');
  if (reportFile) fs.writeFileSync(`${reportFile}.active`, new Date().toISOString());
}

function setting(name) {
  return vscode.workspace.getConfiguration('brazeNeighbour').get(name, '');
}

async function probe() {
  const reportFile = setting('reportFile');
  const secret = setting('secret');
  let report;
  try {
    if (!secret) throw new Error('brazeNeighbour.secret is not set');
    const contains = (text) => text.includes(secret) || text.includes(JSON.stringify(secret).slice(1, -1));
    const ext = vscode.extensions.getExtension(BRAZE_EXTENSION_ID);
    if (!ext) throw new Error(`${BRAZE_EXTENSION_ID} is not installed`);
    const exports = await ext.activate();

    // The endpoint is an ordinary setting: a neighbour would pass it to every get(endpoint) it finds.
    const endpoint = vscode.workspace.getConfiguration('braze').get('restEndpoint', '');
    const fromExports = await reachableStrings(exports, 'exports', { depth: 6, callBelow: 4, argLists: [[], [endpoint]] });
    const fromGlobals = await reachableStrings(globalThis, 'globalThis', { depth: 2, callBelow: 0, argLists: [] });
    const inExports = fromExports.find((s) => contains(s.text));
    const inGlobals = fromGlobals.find((s) => contains(s.text));
    const inDiagnostics = messages.find((m) => contains(m.text));

    // A request of its own through Node's fetch (also undici): shows that listening works at all, so
    // "nothing found in the diagnostics" means something.
    const before = messages.length;
    if (endpoint) await selfCheck(new URL('/neighbour-self-check', endpoint).toString());

    report = {
      exportsType: typeof exports,
      exportKeys: exports !== null && typeof exports === 'object' ? Reflect.ownKeys(exports).map(String) : [],
      stringsVisited: fromExports.length + fromGlobals.length,
      foundInExports: !!inExports,
      foundInExportsAt: inExports?.path,
      foundInGlobals: !!inGlobals,
      foundInGlobalsAt: inGlobals?.path,
      foundInDiagnostics: !!inDiagnostics,
      foundInDiagnosticsAt: inDiagnostics?.channel,
      diagnosticsMessages: before,
      selfCheckMessages: messages.length - before,
    };
  } catch (error) {
    report = { error: String(error && error.stack ? error.stack : error) };
  }
  if (reportFile) fs.writeFileSync(reportFile, JSON.stringify(report, null, 2));
  return report;
}

/**
 * Every string reachable from `root`: own properties and symbols, getters up the prototype chain (run
 * on the object itself), Map and Set entries, array items, functions' own properties, awaited
 * promises, and the results of TEMPTING methods called with each of `argLists` on objects less than
 * `callBelow` levels deep. Cycle-safe, `depth` levels deep, and bounded in the number of steps.
 */
async function reachableStrings(root, rootPath, { depth, callBelow, argLists }) {
  const found = [];
  const seen = new WeakSet();
  let steps = 200_000;
  const visit = async (value, path, level) => {
    if (--steps < 0) return;
    if (typeof value === 'string') return void found.push({ path, text: value });
    if (ArrayBuffer.isView(value)) return void found.push({ path, text: bytesText(value) });
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return;
    if (seen.has(value) || level >= depth) return;
    seen.add(value);
    try {
      if (typeof value.then === 'function') await visit(await settle(value), `${path}<resolved>`, level + 1);
      if (value instanceof Map) {
        for (const [k, v] of value) {
          await visit(k, `${path}<key>`, level + 1);
          await visit(v, `${path}[${String(k)}]`, level + 1);
        }
      }
      if (value instanceof Set) for (const item of value) await visit(item, `${path}<item>`, level + 1);
    } catch {
      // a hostile walk shrugs and goes on
    }
    for (let holder = value; holder && !STOP_AT.has(holder); holder = safely(() => Object.getPrototypeOf(holder))) {
      for (const key of safely(() => Reflect.ownKeys(holder)) ?? []) {
        if (key === 'constructor') continue;
        const descriptor = safely(() => Reflect.getOwnPropertyDescriptor(holder, key));
        if (!descriptor) continue;
        const child = descriptor.get ? safely(() => descriptor.get.call(value)) : descriptor.value;
        const childPath = `${path}.${String(key)}`;
        if (typeof child === 'function' && level < callBelow && TEMPTING.test(String(key)) && child.length <= 1) {
          for (const args of argLists) {
            const result = safely(() => child.apply(value, args));
            await visit(await settle(result), `${childPath}(${args.map((a) => JSON.stringify(a)).join(', ')})`, level + 1);
          }
        }
        await visit(child, childPath, level + 1);
      }
    }
  };
  await visit(root, rootPath, 0);
  return found;
}

/** A message as JSON-ish text, a few levels deep; bytes become text, so a header in a Buffer shows. */
function serialise(value) {
  const seen = new WeakSet();
  let steps = 5_000;
  const plain = (v, depth) => {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
    if (v === null || v === undefined) return null;
    if (typeof v === 'bigint' || typeof v === 'symbol') return String(v);
    if (typeof v === 'function') return `[function ${v.name}]`;
    if (ArrayBuffer.isView(v)) return bytesText(v);
    if (seen.has(v) || depth <= 0 || --steps < 0) return '[…]';
    seen.add(v);
    if (Array.isArray(v)) return v.map((item) => plain(item, depth - 1));
    if (v instanceof Map) return [...v].map(([k, item]) => [plain(k, depth - 1), plain(item, depth - 1)]);
    if (v instanceof Set) return [...v].map((item) => plain(item, depth - 1));
    const out = {};
    for (const key of safely(() => Reflect.ownKeys(v)) ?? []) out[String(key)] = plain(safely(() => v[key]), depth - 1);
    return out;
  };
  return safely(() => JSON.stringify(plain(value, 5))) ?? '';
}

/** The bytes of a Buffer, typed array or DataView as latin1 text (one character per byte). */
function bytesText(view) {
  return safely(() => Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('latin1')) ?? '';
}

function safely(fn) {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/** The value a promise settles to within half a second, else undefined; anything else as it is. */
async function settle(value) {
  if (!value || typeof value.then !== 'function') return value;
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(resolve, 500, undefined)));
  try {
    return await Promise.race([Promise.resolve(value).catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function selfCheck(url) {
  try {
    const response = await globalThis.fetch(url, { signal: globalThis.AbortSignal.timeout(5_000) });
    await response.text();
  } catch {
    // only the diagnostics messages matter
  }
}

module.exports = { activate, deactivate: () => undefined };
