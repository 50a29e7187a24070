// The test server for the catalog bench, in a process of its own: the catalog's event-loop delay and
// heap are then the catalog's alone, as the extension host's would be beside a remote Braze.
//   node -r tsx/cjs scripts/bench/catalogServer.ts <segments>
// Prints its URL on one line; latency is switched through /__control?mode=slow&ms=N; it stops when
// its stdin closes (the bench ended, or died).
import { BrazeTestServer } from '../../test/server/brazeServer';
import { generateWorkspace } from '../../test/server/fixtures';

async function main(): Promise<void> {
  const count = Number(process.argv[2]);
  if (!Number.isInteger(count) || count < 0) throw new Error(`usage: catalogServer.ts <segments>, got "${process.argv[2]}"`);
  const server = await BrazeTestServer.start({ segments: generateWorkspace(count), workspaces: {} });
  process.stdout.write(`${server.url}\n`);
  process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
  process.stdin.resume();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
