// The ids of an open document, scanned once per version: inlay hints, highlights, references and
// problems all ask for the same document's ids, often several times per keystroke.
import * as vscode from 'vscode';
import { Disposable } from '../../common/lifecycle';
import { type IdOccurrence, scanText } from '../../segments/code/codeScan';

/** Documents longer than this are not scanned as they are typed in (a generated file, a dump). */
export const MAX_SCANNED_DOCUMENT_LINES = 200_000;

interface Scan {
  version: number;
  occurrences: readonly IdOccurrence[];
}

export class DocumentScans extends Disposable {
  private readonly scans = new Map<string, Scan>();

  constructor() {
    super();
    this._register(vscode.workspace.onDidCloseTextDocument((document) => this.scans.delete(document.uri.toString())));
  }

  /** Every UUID of `document` with what its line says it is; from the cache while the version holds. */
  occurrencesOf(document: vscode.TextDocument): readonly IdOccurrence[] {
    const key = document.uri.toString();
    const cached = this.scans.get(key);
    if (cached?.version === document.version) return cached.occurrences;
    const occurrences = document.lineCount > MAX_SCANNED_DOCUMENT_LINES ? [] : scanText(document.getText());
    this.scans.set(key, { version: document.version, occurrences });
    return occurrences;
  }

  /** The occurrence covering `position`, if any. */
  occurrenceAt(document: vscode.TextDocument, position: vscode.Position): IdOccurrence | undefined {
    return this.occurrencesOf(document).find((occurrence) => occurrence.line === position.line && occurrence.start <= position.character && position.character <= occurrence.end);
  }
}
