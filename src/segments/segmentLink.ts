// A Markdown link to a segment, for a pull request, an issue or a doc: its name as the link text and
// its instance's Braze dashboard as the target (Braze documents no URL that opens one segment, so the
// dashboard's home is the one link that is never wrong), its id in code after it so a reader can find
// it there. Without a dashboard (a custom or local endpoint) it is the name and the id, no link.
// The name is Braze's: untrusted. Free of 'vscode': unit-tested in Node.
import * as l10n from '@vscode/l10n';
import { flatten } from '../braze/untrusted';

// CommonMark lets any ASCII punctuation be backslash-escaped. Inside a link's text, `( ) , - ' " /`
// mean nothing (they matter in the target, or at the start of a line, which link text never is), so
// they stay readable ("Lapsed buyers (EU)"); every other punctuation character is escaped: `[ ]`
// would end the text early, `* _ ~ \`` format, `< > &` are HTML and entities, `! #` `|` `$` `:` `.`
// `@` images, headings, tables, theme icons and autolinks.
const LINK_TEXT_PUNCTUATION = /[!#-&*+.:-@[-`{-~]/g;

/** `text` as Markdown link text that renders as exactly that text on one line. */
export function escapeLinkText(text: string): string {
  return flatten(text).replace(LINK_TEXT_PUNCTUATION, '\\$&');
}

/** An id in an inline code span: ids are UUIDs, but a stray backtick would still end the span. */
function codeSpan(text: string): string {
  const flat = flatten(text).replace(/`/g, '');
  return `\`${flat}\``;
}

/**
 * `[Lapsed buyers (EU)](https://dashboard-01.braze.eu) (`id`)`, or `Lapsed buyers (EU) (`id`)` when
 * there is no dashboard to link to. `name` undefined or blank: "Unnamed segment".
 */
export function segmentMarkdownLink(segment: { id: string; name: string | undefined }, dashboardUrl: string | undefined): string {
  const name = flatten(segment.name ?? '') || l10n.t('Unnamed segment');
  const text = escapeLinkText(name);
  const id = codeSpan(segment.id);
  // Only our own dashboards (https, from the instance table) become a target; the URL is never Braze's text.
  const target = dashboardUrl && /^https:\/\/[^\s()<>]+$/.test(dashboardUrl) ? dashboardUrl : undefined;
  return target ? `[${text}](${target}) (${id})` : `${text} (${id})`;
}
