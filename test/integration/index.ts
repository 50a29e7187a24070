// The integration suite's entry point (extensionTestsPath): the extension host loads this bundle and
// calls run(). Every sibling *.test.js bundle (one per test/integration/*.test.ts, built by
// `node esbuild.js --tests`) runs in one mocha BDD run, inside the real extension host; but the
// Restricted Mode tests run only in their own pass (BRAZE_INTEGRATION_PASS=restricted, a host with
// workspace trust on: test/host/runIntegration.ts), and only they do there.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

const RESTRICTED_TESTS = 'restricted.test.js';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: 30_000, grep: process.env.BRAZE_TEST_GREP || undefined });
  const files = fs
    .readdirSync(__dirname)
    .filter((file) => file.endsWith('.test.js'))
    .filter((file) => (file === RESTRICTED_TESTS) === (process.env.BRAZE_INTEGRATION_PASS === 'restricted'))
    .sort();
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0, pending = 0 } = runner.stats ?? {};
      // Read by test/host/runIntegration.ts for the totals.
      console.log(`[braze-integration] result ${JSON.stringify({ passes, failures, pending })}`);
      if (failures > 0) reject(new Error(`${failures} integration test${failures === 1 ? '' : 's'} failed.`));
      else resolve();
    });
  });
}
