// Find All References / Peek References (Shift+F12) on a segment id: every place it occurs in the
// workspace, from the workspace's reference index; and the same id highlighted through the file.
// The document asked about is read from its live text rather than from the index: its unsaved edits
// are newer than anything the index read. An id its own line calls something else (a campaign id, a
// key) is not a segment: these providers leave it alone, as the index does.
import * as vscode from 'vscode';
import { type IdOccurrence, maySegment } from '../../segments/code/codeScan';
import type { Reference } from '../../segments/code/referenceIndex';
import type { DocumentScans } from './documentScans';

/** What the references need of the workspace scanner (CodeIndex): its index, scanned at least once. */
export interface WorkspaceReferenceSource {
  readonly index: { references(id: string): readonly Reference[] };
  /** Scans the whole workspace once (later calls join or return at once) and keeps it current. */
  ensureScanned(): Promise<void>;
}

export class SegmentReferences implements vscode.ReferenceProvider, vscode.DocumentHighlightProvider {
  constructor(
    private readonly documents: DocumentScans,
    private readonly codeIndex: WorkspaceReferenceSource,
  ) {}

  async provideReferences(document: vscode.TextDocument, position: vscode.Position, _context: vscode.ReferenceContext, token: vscode.CancellationToken): Promise<vscode.Location[] | undefined> {
    const at = this.segmentAt(document, position);
    if (!at) return undefined;
    await this.codeIndex.ensureScanned();
    if (token.isCancellationRequested) return undefined;
    const here = document.uri.toString();
    const elsewhere = this.codeIndex.index
      .references(at.id)
      .filter((reference) => reference.uri !== here)
      .map((reference) => new vscode.Location(vscode.Uri.parse(reference.uri), rangeOf(reference.occurrence)));
    // The live text answers for this document (and its own occurrences come first).
    const own = this.sameIdIn(document, at.id).map((occurrence) => new vscode.Location(document.uri, rangeOf(occurrence)));
    return [...own, ...elsewhere];
  }

  provideDocumentHighlights(document: vscode.TextDocument, position: vscode.Position): vscode.DocumentHighlight[] | undefined {
    const at = this.segmentAt(document, position);
    if (!at) return undefined;
    return this.sameIdIn(document, at.id).map((occurrence) => new vscode.DocumentHighlight(rangeOf(occurrence), vscode.DocumentHighlightKind.Text));
  }

  /** The id under the cursor, unless its own line calls it something else. */
  private segmentAt(document: vscode.TextDocument, position: vscode.Position): IdOccurrence | undefined {
    const at = this.documents.occurrenceAt(document, position);
    return at && maySegment(at) ? at : undefined;
  }

  private sameIdIn(document: vscode.TextDocument, id: string): IdOccurrence[] {
    return this.documents.occurrencesOf(document).filter((occurrence) => occurrence.id === id && maySegment(occurrence));
  }
}

function rangeOf(occurrence: IdOccurrence): vscode.Range {
  return new vscode.Range(occurrence.line, occurrence.start, occurrence.line, occurrence.end);
}
