// Bundles the extension for VS Code. Type checking is separate (`npm run typecheck`).
//   node esbuild.js               development build (source maps)
//   node esbuild.js --production  minified build for the .vsix
//   node esbuild.js --watch       rebuild on change
//   node esbuild.js --tests       also bundle the integration suite into out/integration/
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

// undici is most of the bundle's weight and is needed only when the first request is made, so it
// lives in dist/undici.js and src/braze/http.ts requires it lazily. This plugin turns `require('undici')`
// in the extension bundle into `require('./undici.js')`.
const undiciAsSiblingChunk = {
  name: 'undici-as-sibling-chunk',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, () => ({ path: './undici.js', external: true }));
  },
};

// undici publishes each request, headers and so the API key included, on process-wide diagnostics
// channels that every other extension in the host can subscribe to. Our copy gets a stand-in module
// whose channels never have subscribers (src/braze/silentDiagnosticsChannel.ts).
const silentDiagnosticsChannel = {
  name: 'silent-diagnostics-channel',
  setup(build) {
    build.onResolve({ filter: /^(node:)?diagnostics_channel$/ }, () => ({ path: path.join(__dirname, 'src', 'braze', 'silentDiagnosticsChannel.ts') }));
  },
};

// The problem matcher in .vscode/tasks.json waits for these lines.
const watchLog = {
  name: 'watch-log',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}\n`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node18',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
  // ES module builds first: jsonc-parser's UMD build requires its parts at run time, which a bundle cannot.
  mainFields: ['module', 'main'],
};

const configs = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [undiciAsSiblingChunk] },
  { ...common, entryPoints: [require.resolve('undici')], outfile: 'dist/undici.js', plugins: [silentDiagnosticsChannel] },
];
if (tests) {
  // A renamed or deleted test must not keep running from a stale bundle.
  fs.rmSync('out/integration', { recursive: true, force: true });
  const dir = 'test/integration';
  const entries = fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f));
  configs.push({ ...common, minify: false, sourcemap: true, entryPoints: entries, outdir: 'out/integration', external: ['vscode', 'mocha'] });
}

// The detail panel's chart library ships as published (already minified), loaded by the webview
// from dist/webview/ under the panel's CSP.
function copyWebviewLibraries() {
  fs.mkdirSync('dist/webview', { recursive: true });
  for (const file of ['uPlot.iife.min.js', 'uPlot.min.css']) {
    fs.copyFileSync(path.join(path.dirname(require.resolve('uplot/package.json')), 'dist', file), path.join('dist/webview', file));
  }
}

async function main() {
  fs.rmSync('dist', { recursive: true, force: true });
  copyWebviewLibraries();
  if (watch) {
    for (const config of configs) await (await esbuild.context({ ...config, plugins: [...(config.plugins ?? []), watchLog] })).watch();
    return;
  }
  await Promise.all(configs.map((config) => esbuild.build(config)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
