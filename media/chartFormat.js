// @ts-check
// Pure formatting for the detail panel's size chart: tick steps, axis labels and the hover readout.
// No DOM here, so the unit tests run it in Node (test/unit/panel/chartFormat.test.ts); the webview
// loads it as a plain script before panel.js, which finds it at window.brazeChartFormat.
(/** @param {typeof globalThis} root */ function (root) {
  'use strict';

  /** The chart's x values are epoch seconds, one point per day (Braze's data series is daily). */
  const DAY = 86400;

  /** Size ticks: people come in whole numbers, so steps of 1, 2, 5 × 10^n and never 0.5. */
  const SIZE_INCRS = Object.freeze([1, 2, 5].flatMap((m) => Array.from({ length: 13 }, (_, power) => m * 10 ** power)).sort((a, b) => a - b));

  /** Day ticks: whole days only, so no tick lands on 12am or 12pm. */
  const DAY_INCRS = Object.freeze([1, 2, 3, 7, 14, 28, 56].map((days) => days * DAY));

  /** Largest first; K is used from 10,000 up, so four-digit sizes read in full ("1,250"). */
  const UNITS = Object.freeze([
    { divisor: 1e12, suffix: 'T', from: 1e12 },
    { divisor: 1e9, suffix: 'B', from: 1e9 },
    { divisor: 1e6, suffix: 'M', from: 1e6 },
    { divisor: 1e3, suffix: 'K', from: 1e4 },
  ]);

  /**
   * How many decimals write `value` exactly, at most `max` (0.05 → 2, 20 → 0).
   * @param {number} value
   * @param {number} max
   */
  function decimalsOf(value, max) {
    for (let decimals = 0; decimals < max; decimals++) {
      const scaled = value * 10 ** decimals;
      if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, Math.abs(scaled))) return decimals;
    }
    return max;
  }

  /**
   * Labels for size ticks `step` apart. Distinct by construction: the unit (K, M, …) is the largest
   * in which the step needs at most two decimals, and every label gets the decimals the step needs,
   * so 1,200 / 1,250 / 1,300 read "1,200, 1,250, 1,300" and 1.20M / 1.22M never collapse into "1.2M, 1.2M".
   * @param {number[]} ticks
   * @param {number} step
   * @returns {string[]}
   */
  function sizeTickLabels(ticks, step) {
    const largest = ticks.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
    const exactStep = step > 0 ? step : 1;
    let unit = { divisor: 1, suffix: '' };
    let decimals = decimalsOf(exactStep, 3);
    for (const candidate of UNITS) {
      if (largest < candidate.from) continue;
      const needed = decimalsOf(exactStep / candidate.divisor, 3);
      if (needed <= 2) {
        unit = candidate;
        decimals = needed;
        break;
      }
    }
    const format = new Intl.NumberFormat('en', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    return ticks.map((value) => (value === 0 ? '0' : `${format.format(value / unit.divisor)}${unit.suffix}`));
  }

  /**
   * Ticks on whole UTC days (the days Braze's points are for), `step` seconds apart, counted back
   * from the last day in range so the latest day always has its label.
   * @param {number} min
   * @param {number} max
   * @param {number} step
   * @returns {number[]}
   */
  function daySplits(min, max, step) {
    const stepDays = Math.max(1, Math.round(step / DAY));
    const ticks = [];
    for (let tick = Math.floor(max / DAY) * DAY; tick >= min; tick -= stepDays * DAY) ticks.unshift(tick);
    return ticks;
  }

  const monthDay = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const fullDay = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

  /**
   * "Mar 3", and "Jan 5, 2026" where the year changes from the tick before.
   * @param {number[]} ticks
   * @returns {string[]}
   */
  function dayTickLabels(ticks) {
    return ticks.map((tick, i) => {
      const date = new Date(tick * 1000);
      const newYear = i > 0 && new Date(ticks[i - 1] * 1000).getUTCFullYear() !== date.getUTCFullYear();
      return newYear ? fullDay.format(date) : monthDay.format(date);
    });
  }

  const count = new Intl.NumberFormat('en');

  /**
   * What the readout says for one day: "Mar 3, 2026: 48,250".
   * @param {number} time epoch seconds
   * @param {number} size
   */
  function readout(time, size) {
    return `${fullDay.format(new Date(time * 1000))}: ${count.format(size)}`;
  }

  const api = Object.freeze({ DAY, SIZE_INCRS, DAY_INCRS, sizeTickLabels, daySplits, dayTickLabels, readout });
  if (typeof module === 'object' && module && module.exports) module.exports = api;
  else root.brazeChartFormat = api;
})(globalThis);
