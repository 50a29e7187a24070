// Where each id occurs in the workspace's files: one entry per file, replaced whole when the file is
// scanned again (on save, create, open or edit), dropped on delete, moved on rename. Never a full
// rescan for one file. Pure: the UI feeds it files and reads it.
import { Emitter, type Event } from '../../common/events';
import { Disposable } from '../../common/lifecycle';
import { type IdOccurrence, maySegment } from './codeScan';

export interface Reference {
  /** The file's URI, as a string. */
  readonly uri: string;
  readonly occurrence: IdOccurrence;
  /** The line's text, trimmed and shortened, for the view. */
  readonly preview: string;
}

export interface IndexChange {
  /** The files whose entries changed. */
  readonly uris: readonly string[];
}

/** The most characters of a line kept as its preview. */
const PREVIEW_LENGTH = 160;

export class ReferenceIndex extends Disposable {
  /** uri → its references (only ids that may be segments: what its own line calls something else is left out). */
  private readonly files = new Map<string, readonly Reference[]>();
  /** id → uri → how many times; kept in step with `files`. */
  private readonly byId = new Map<string, Map<string, number>>();
  private readonly changed = this._register(new Emitter<IndexChange>());

  readonly onDidChange: Event<IndexChange> = this.changed.event;

  /** Replaces what the index holds for `uri` with the occurrences found in its lines. */
  set(uri: string, occurrences: readonly IdOccurrence[], lines: readonly string[]): void {
    const references = occurrences.filter(maySegment).map((occurrence) => ({ uri, occurrence, preview: preview(lines[occurrence.line] ?? '') }));
    const before = this.files.get(uri);
    if (!before?.length && !references.length) return;
    if (before && sameReferences(before, references)) return;
    this.unlink(uri);
    this.link(uri, references);
    this.changed.fire({ uris: [uri] });
  }

  delete(uri: string): void {
    if (!this.files.has(uri)) return;
    this.unlink(uri);
    this.changed.fire({ uris: [uri] });
  }

  /** A file moved: its references go with it, without reading it again. */
  rename(from: string, to: string): void {
    const moved = this.files.get(from);
    if (!moved) return;
    this.unlink(from);
    this.unlink(to);
    this.link(to, moved.map((reference) => ({ ...reference, uri: to })));
    this.changed.fire({ uris: [from, to] });
  }

  clear(): void {
    const uris = [...this.files.keys()];
    this.files.clear();
    this.byId.clear();
    if (uris.length) this.changed.fire({ uris });
  }

  /** Every id that occurs, with how many times. */
  ids(): Array<{ id: string; count: number; files: number }> {
    return [...this.byId].map(([id, counts]) => ({ id, count: sum(counts.values()), files: counts.size }));
  }

  /** Where `id` occurs, file by file in URI order, then by position. */
  references(id: string): Reference[] {
    const counts = this.byId.get(id);
    if (!counts) return [];
    return [...counts.keys()]
      .sort()
      .flatMap((uri) => (this.files.get(uri) ?? []).filter((reference) => reference.occurrence.id === id));
  }

  /** Every file that holds a reference. */
  uris(): string[] {
    return [...this.files.keys()];
  }

  /** The references of one file. */
  inFile(uri: string): readonly Reference[] {
    return this.files.get(uri) ?? [];
  }

  get fileCount(): number {
    return this.files.size;
  }

  private link(uri: string, references: readonly Reference[]): void {
    if (!references.length) return;
    this.files.set(uri, references);
    for (const { occurrence } of references) {
      let counts = this.byId.get(occurrence.id);
      if (!counts) this.byId.set(occurrence.id, (counts = new Map()));
      counts.set(uri, (counts.get(uri) ?? 0) + 1);
    }
  }

  private unlink(uri: string): void {
    for (const { occurrence } of this.files.get(uri) ?? []) {
      const counts = this.byId.get(occurrence.id);
      if (!counts) continue;
      counts.delete(uri);
      if (!counts.size) this.byId.delete(occurrence.id);
    }
    this.files.delete(uri);
  }
}

function preview(line: string): string {
  const trimmed = line.trim();
  return trimmed.length > PREVIEW_LENGTH ? `${trimmed.slice(0, PREVIEW_LENGTH - 1)}…` : trimmed;
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

function sameReferences(a: readonly Reference[], b: readonly Reference[]): boolean {
  return a.length === b.length && a.every((ref, i) => {
    const other = b[i];
    return ref.preview === other.preview && ref.occurrence.id === other.occurrence.id && ref.occurrence.line === other.occurrence.line && ref.occurrence.start === other.occurrence.start && ref.occurrence.context === other.occurrence.context;
  });
}
