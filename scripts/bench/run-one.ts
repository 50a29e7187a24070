// Runs one bench module alone: `node --expose-gc -r tsx/cjs scripts/bench/run-one.ts requests|activation`.
import { benchActivation } from './activation';
import { benchRequests } from './requests';

const BENCHES: Record<string, () => Promise<string[][]>> = { requests: benchRequests, activation: benchActivation };

async function main(): Promise<void> {
  const name = process.argv[2] ?? '';
  const bench = BENCHES[name];
  if (!bench) throw new Error(`usage: run-one.ts ${Object.keys(BENCHES).join('|')}`);
  const rows = await bench();
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  for (const row of rows) console.log(`  ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('   ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
