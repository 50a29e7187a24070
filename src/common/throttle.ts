// Runs a redraw at most once per interval while changes keep coming (list pages, file saves), and at
// once when asked: a redraw that filters, sorts and groups everything is too dear for every change.
import type { IDisposable } from './lifecycle';

export class Throttle implements IDisposable {
  private timer: NodeJS.Timeout | undefined;
  private last = 0;
  private disposed = false;

  constructor(
    private readonly intervalMs: number,
    private readonly run: () => void,
  ) {}

  /** Runs soon: when the interval since the last run has passed (one run for many calls). */
  schedule(): void {
    if (this.timer || this.disposed) return;
    const wait = Math.max(0, this.last + this.intervalMs - Date.now());
    this.timer = setTimeout(() => this.now(), wait);
  }

  /** Runs now, and cancels the scheduled run. */
  now(): void {
    this.cancel();
    if (this.disposed) return;
    this.last = Date.now();
    this.run();
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.cancel();
  }
}
