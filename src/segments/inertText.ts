// Text from Braze made inert for each surface VS Code renders it on. One small function per kind of
// surface, each neutralising exactly what that surface interprets:
//   hover cards (Markdown)                    escapeMarkdown
//   notifications and modal dialogs (links)   forNotification
//   quick picks and the status bar ($(icon))  forIconLabel
//   tree labels, plain tooltips, view messages forPlainText
// The panel's webview needs none: it sets text with `textContent`. The log has its own scrub.
// All of them start from `flatten`: no invisible or direction characters, one line.
import { flatten } from '../braze/untrusted';

// Every ASCII punctuation character: CommonMark lets any of them be backslash-escaped, and then it is
// plain text. Escaping all of them (not only the ones known to matter today) also covers `:` and `.`
// and `@` (GFM autolinks: https://…, www.…, mail@…), `$` (VS Code theme icons), `&` (entities),
// `<` `>` (HTML, autolinks), `|` (tables), `#`, `-`, `+`, digits-then-`.` (headings and lists).
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;

/** `text` as Markdown that renders as exactly that text on one line. */
export function escapeMarkdown(text: string): string {
  return flatten(text).replace(ASCII_PUNCTUATION, '\\$&');
}

/**
 * For `showInformationMessage` and its kin: VS Code makes `[label](command:…)` and
 * `[label](https://…)` in a message a link that runs or opens it. A space between `]` and `(` keeps
 * every character visible and makes no link. Cut at a word to `max` characters.
 */
export function forNotification(text: string, max = 500): string {
  return shorten(text.replace(/\]\s*\(/g, '] ('), max) ?? '';
}

/**
 * For quick pick items and status bar text, which render `$(name)` as an icon: a backslash before
 * `$(` is VS Code's own escape, shown as the characters themselves.
 */
export function forIconLabel(text: string): string {
  return flatten(text).replace(/\$\(/g, '\\$(');
}

/** For surfaces that render text as it is: only what is never shown (invisible characters, line breaks) goes. */
export function forPlainText(text: string): string {
  return flatten(text);
}

/**
 * `text` flattened, cut at a word boundary to at most `max` characters (an ellipsis included);
 * undefined when empty. Cut before escaping, so an escape is never split.
 */
export function shorten(text: string | undefined, max: number): string | undefined {
  if (!text) return undefined;
  const flat = flatten(text);
  if (!flat) return undefined;
  if (flat.length <= max) return flat;
  let cut = flat.lastIndexOf(' ', max - 1);
  // No space in the last stretch (a long word or URL): cut mid-word rather than lose most of the text.
  if (cut < max * 0.6) cut = max - 1;
  // Never split a surrogate pair.
  const code = flat.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return `${flat.slice(0, cut).replace(/[\s,;:.–—-]+$/, '')}…`;
}
