// The size chart's axis labels and readout (media/chartFormat.js, the webview's own script, loaded
// here as Node would load it): labels never repeat, days are dates without hours.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

interface ChartFormat {
  DAY: number;
  SIZE_INCRS: readonly number[];
  DAY_INCRS: readonly number[];
  sizeTickLabels(ticks: number[], step: number): string[];
  daySplits(min: number, max: number, step: number): number[];
  dayTickLabels(ticks: number[]): string[];
  readout(time: number, size: number): string;
}

const format = createRequire(__filename)('../../../media/chartFormat.js') as ChartFormat;
const day = (iso: string) => Date.parse(iso) / 1000;
const ticks = (from: number, to: number, step: number) => Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

describe('size chart labels', () => {
  it('gives ticks a step apart the decimals the step needs, so no two labels are alike', () => {
    // Compact notation with one decimal wrote these "1.2K, 1.2K, 1.3K" (the bug this replaces).
    assert.deepEqual(format.sizeTickLabels([1200, 1250, 1300], 50), ['1,200', '1,250', '1,300']);
    assert.deepEqual(format.sizeTickLabels([12_000, 12_500, 13_000], 500), ['12.0K', '12.5K', '13.0K']);
    assert.deepEqual(format.sizeTickLabels([1_200_000, 1_220_000, 1_240_000], 20_000), ['1.20M', '1.22M', '1.24M']);
    assert.deepEqual(format.sizeTickLabels([0, 20_000, 40_000, 60_000], 20_000), ['0', '20K', '40K', '60K']);
    // A step too fine for any unit falls back to the full number.
    assert.deepEqual(format.sizeTickLabels([1_250_000, 1_250_002, 1_250_004], 2), ['1,250,000', '1,250,002', '1,250,004']);
  });

  it('never repeats a label for any step uPlot may choose, at any size', () => {
    for (const base of [0, 7, 480, 1_337, 9_999, 48_250, 210_000, 1_250_000, 987_654_321]) {
      for (const step of format.SIZE_INCRS.filter((s) => s <= Math.max(base, 10) && s >= Math.max(1, base / 1000))) {
        const values = ticks(Math.floor(base / step) * step, Math.floor(base / step) * step + 6 * step, step);
        const labels = format.sizeTickLabels(values, step);
        assert.equal(new Set(labels).size, labels.length, `base ${base}, step ${step}: ${labels.join(', ')}`);
      }
    }
  });

  it('steps in whole people only', () => {
    assert.ok(format.SIZE_INCRS.every((step) => Number.isInteger(step) && step >= 1));
    assert.deepEqual(format.SIZE_INCRS.slice(0, 6), [1, 2, 5, 10, 20, 50]);
  });
});

describe('size chart days', () => {
  it('puts ticks on whole days only, counted back from the last day', () => {
    const min = day('2026-03-01T00:00:00Z');
    const max = day('2026-03-30T00:00:00Z');
    const weekly = format.daySplits(min, max, 7 * format.DAY);
    assert.deepEqual(weekly.map((t) => new Date(t * 1000).toISOString().slice(0, 10)), ['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23', '2026-03-30']);
    assert.ok(weekly.every((t) => t % format.DAY === 0));
    // A step uPlot made from hours still lands on days.
    assert.ok(format.daySplits(min, max, 43_200).every((t) => t % format.DAY === 0));
    assert.ok(format.DAY_INCRS.every((step) => step % format.DAY === 0));
  });

  it('labels days as dates ("Mar 3"), with the year where it changes, never hours', () => {
    assert.deepEqual(format.dayTickLabels([day('2026-03-03'), day('2026-03-10')]), ['Mar 3', 'Mar 10']);
    assert.deepEqual(format.dayTickLabels([day('2025-12-29'), day('2026-01-05')]), ['Dec 29', 'Jan 5, 2026']);
    for (const label of format.dayTickLabels(format.daySplits(day('2026-03-01'), day('2026-03-07'), format.DAY))) {
      assert.doesNotMatch(label, /am|pm|:/i);
    }
  });

  it('reads one day as its date and its size', () => {
    assert.equal(format.readout(day('2026-03-03'), 48_250), 'Mar 3, 2026: 48,250');
  });
});
