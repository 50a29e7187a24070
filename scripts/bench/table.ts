// How every bench section prints: one table, its first row the header, the first column left-aligned
// and the rest right-aligned; ratios and bounds are cells like any other ("1.3× (≤ 1.5×)", "34 ms (≤ 50 ms)", "✗" when missed).
import * as os from 'node:os';

/** Prints `rows` (rows[0] is the header) under a rule; a row shorter than the header is padded. */
export function printTable(rows: readonly (readonly string[])[]): void {
  if (!rows.length) return;
  const columns = Math.max(...rows.map((row) => row.length));
  const cell = (row: readonly string[], column: number) => row[column] ?? '';
  const widths = Array.from({ length: columns }, (_, column) => Math.max(...rows.map((row) => cell(row, column).length)));
  const line = (row: readonly string[]) =>
    `  ${widths.map((width, column) => (column === 0 ? cell(row, column).padEnd(width) : cell(row, column).padStart(width))).join('   ')}`.trimEnd();
  console.log(line(rows[0]));
  console.log(`  ${widths.map((width) => '─'.repeat(width)).join('   ')}`);
  for (const row of rows.slice(1)) console.log(line(row));
}

/** `value` as a ratio cell, e.g. "1.3×". */
export function ratio(value: number, digits = 1): string {
  return Number.isFinite(value) ? `${value.toFixed(digits)}×` : 'n/a';
}

/** Milliseconds, with fewer digits as they grow. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  return `${value.toFixed(value >= 100 ? 0 : value >= 10 ? 1 : 2)} ms`;
}

/** "34 ms (≤ 50 ms)": a measured value beside the target it is held to, "✗" when it misses it. */
export function bounded(measured: string, bound: string, met: boolean): string {
  return `${measured} (${bound}${met ? '' : ' ✗'})`;
}

/** The machine's state beside the numbers: they are shared cores. */
export function machineLoad(): string {
  return `${os.cpus().length} cores, load ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`;
}
