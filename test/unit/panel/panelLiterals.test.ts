// The panel's page shows no word of its own: every text it shows comes from the host, translated
// (src/ui/panel/panelStrings.ts). This reads media/panel.js with TypeScript's scanner and fails on a
// string literal or template piece that reads like prose, so a new untranslated word cannot slip in.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

/** Literals the page may keep: they are never shown (class names). */
const NOT_SHOWN = new Set<string>(['chip more', 'banner error', 'secondary small']);

/** "A word, a space, a word": the lint rule's idea of prose (issue 14's l10n conventions). */
const PROSE = /[A-Za-z]{2,}[.,;:!?’']?\s+[A-Za-z]{2,}/;

function literals(source: string): string[] {
  const file = ts.createSourceFile('panel.js', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      // A directive prologue ('use strict') is no text.
      if (!(ts.isExpressionStatement(node.parent) && node.text === 'use strict')) found.push(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('panel page literals', () => {
  const source = readFileSync(join(__dirname, '../../../media/panel.js'), 'utf8');

  it('finds the literals it should (the check can fail)', () => {
    const sample = literals("'use strict'; const a = 'Copy the segment id'; const b = `Last ${n} days ${m} of them`; const c = /x y/g; // a comment here");
    assert.deepEqual(sample.filter((text) => PROSE.test(text)), ['Copy the segment id', ' of them']);
  });

  it('media/panel.js shows no prose of its own: it all comes from the host', () => {
    const prose = literals(source).filter((text) => PROSE.test(text) && !NOT_SHOWN.has(text));
    assert.deepEqual(prose, []);
  });
});
