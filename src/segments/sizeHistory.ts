// A segment's size over time, from /segments/data_series. Cached per id and period like details are,
// with one request in flight per (id, period), so reopening a panel or switching back to a period
// costs nothing while the data is fresh. Like the SegmentService, it drops what a request started
// before `clear()` brings back: that answer belongs to the previous endpoint or key.
import type { BrazeClient } from '../braze/client';
import { BrazeError, asBrazeError } from '../braze/errors';
import type { SegmentSizePoint } from '../braze/model';

export const SIZE_PERIODS = [7, 30, 90, 100] as const;
export const DEFAULT_SIZE_PERIOD = 30;

export interface SizeHistoryOptions {
  connect(): Promise<BrazeClient>;
  ttlMs(): number;
  now?(): number;
  maxEntries?: number;
  /** A bug of ours surfaced while fetching (not a Braze failure): the UI logs it with its stack. */
  onInternalError?(error: BrazeError): void;
}

export class SizeHistory {
  private readonly entries = new Map<string, { points: SegmentSizePoint[]; fetchedAt: number }>();
  private readonly flights = new Map<string, Promise<SegmentSizePoint[]>>();
  private readonly now: () => number;
  private generation = 0;

  constructor(private readonly options: SizeHistoryOptions) {
    this.now = options.now ?? Date.now;
  }

  /** `refresh`: the user asked for it, so it is fetched again (and sent even while a 429 holds). */
  async get(id: string, days: number, refresh = false): Promise<SegmentSizePoint[]> {
    const key = `${id}\n${days}`;
    const cached = this.entries.get(key);
    if (cached && !refresh && this.now() - cached.fetchedAt < this.options.ttlMs()) return cached.points;
    let flight = this.flights.get(key);
    if (!flight) {
      const started = this.fetch(key, id, days, refresh)
        .catch((thrown: unknown) => Promise.reject(asBrazeError(thrown, this.options.onInternalError)))
        .finally(() => {
          if (this.flights.get(key) === started) this.flights.delete(key);
        });
      flight = started;
      this.flights.set(key, flight);
    }
    return flight;
  }

  /** When the cached sizes of (`id`, `days`) were fetched (epoch ms), fresh or not; undefined if none are. */
  fetchedAt(id: string, days: number): number | undefined {
    return this.entries.get(`${id}\n${days}`)?.fetchedAt;
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.flights.clear();
  }

  private async fetch(key: string, id: string, days: number, explicit: boolean): Promise<SegmentSizePoint[]> {
    const generation = this.generation;
    const client = await this.options.connect();
    const points = await client.getDataSeries(id, days, undefined, { explicit });
    if (generation !== this.generation) throw new BrazeError('aborted', 'The endpoint or key changed while the sizes were loading.');
    this.entries.delete(key);
    this.entries.set(key, { points, fetchedAt: this.now() });
    if (this.entries.size > (this.options.maxEntries ?? 200)) this.entries.delete(this.entries.keys().next().value as string);
    return points;
  }
}
