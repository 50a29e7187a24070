// Runs the Braze test server for a demo or manual testing:
//   npx tsx test/server/cli.ts [--port N] [--host H] [--segments N] [--seed S]
// Scripts wait for the line "Braze test server listening on <url>" and read the URL from it.
import { BrazeTestServer, controlUsage } from './brazeServer';
import {
  ALL_PERMISSIONS,
  DEFAULT_WORKSPACE,
  FIXTURE_SEGMENTS,
  KEYS,
  PERMISSIONS_BY_KEY,
  STAGING_KEYS,
  STAGING_PERMISSIONS_BY_KEY,
  STAGING_SEGMENTS,
  STAGING_WORKSPACE,
  WORKSPACE_OF_KEY,
  generateWorkspace,
} from './fixtures';

const USAGE = 'usage: tsx test/server/cli.ts [--port N] [--host H] [--segments N] [--seed S]';

interface CliOptions {
  port: number;
  host: string;
  segments: number;
  seed: number;
}

/** Accepts `--name value` and `--name=value`; exits with the usage line on anything else. */
function parseArgs(argv: readonly string[]): CliOptions {
  // A fixed default port, so a demo's `braze.restEndpoint` setting survives restarts; `--port 0` picks a free one.
  const options: CliOptions = { port: 3399, host: '127.0.0.1', segments: 400, seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    const value = inline ?? argv[++i];
    const fail = (why: string): never => {
      console.error(`${why}\n${USAGE}`);
      process.exit(2);
    };
    if (value === undefined) fail(`missing value for ${flag}`);
    const integer = (min: number) => {
      const n = /^\d+$/.test(value) ? Number(value) : NaN;
      return n >= min ? n : fail(`${flag} needs an integer >= ${min}, got "${value}"`);
    };
    switch (flag) {
      case '--port': options.port = integer(0); break;
      case '--host': options.host = value; break;
      case '--segments': options.segments = integer(0); break;
      case '--seed': options.seed = integer(0); break;
      default: fail(`unknown option ${flag}`);
    }
  }
  return options;
}

/** Test keys by value, so the log names the key without printing anything a client made up. */
const KEY_NAMES = new Map<string, string>([
  ...Object.entries(KEYS).map(([name, key]): [string, string] => [key, name]),
  ...Object.entries(STAGING_KEYS).map(([name, key]): [string, string] => [key, `${STAGING_WORKSPACE} ${name}`]),
]);

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const segments = [...FIXTURE_SEGMENTS, ...generateWorkspace(options.segments, options.seed)];
  const server = await BrazeTestServer.start({ port: options.port, host: options.host, segments });

  console.log(`Braze test server listening on ${server.url}`);
  console.log(
    `Workspace ${DEFAULT_WORKSPACE}: ${segments.length} segments (${FIXTURE_SEGMENTS.length} fixtures + ${options.segments} generated, seed ${options.seed})`,
  );
  console.log(`Workspace ${STAGING_WORKSPACE}: ${STAGING_SEGMENTS.length} segments`);
  console.log('API keys (send as "Authorization: Bearer <key>"; each sees only its workspace):');
  for (const [key, permissions] of Object.entries({ ...PERMISSIONS_BY_KEY, ...STAGING_PERMISSIONS_BY_KEY })) {
    const can = permissions.length === ALL_PERMISSIONS.length ? 'everything' : permissions.length ? permissions.join(', ') : 'nothing';
    console.log(`  ${key.padEnd(26)} ${WORKSPACE_OF_KEY[key].padEnd(11)} ${can}`);
  }
  console.log('Failure modes, switched while it runs (no key needed):');
  for (const line of controlUsage(server.url)) console.log(`  ${line}`);
  console.log('Ctrl-C to stop.');

  server.onRequest = (r) => {
    const who = r.key === undefined ? 'no key' : (KEY_NAMES.get(r.key) ?? 'unknown key');
    console.log(`${r.method} ${r.path} ${r.status || 'dropped'} (${who})`);
  };
  server.onControl = (state) => console.log(`failure mode now: ${JSON.stringify(state)}`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => console.log('Braze test server stopped'),
      (error: unknown) => {
        console.error(error);
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
