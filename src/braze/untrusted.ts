// Text from Braze is untrusted. These are the rules every surface builds on: which characters are
// never shown, how a secret is taken out before anything is shortened, stored or shown, and how much
// of each field is kept at all. Surface-specific neutralising (Markdown, `$(icon)`, notification
// links) lives in src/segments/inertText.ts.

// C0 and C1 controls (tab, CR and LF are whitespace and folded elsewhere), bidi marks, embeddings,
// overrides and isolates (they make text read differently from what it is), zero-width and other
// invisible characters (U+200B, U+2060..U+2064, U+180E, U+FEFF, the soft hyphen U+00AD, the Arabic
// letter mark U+061C). Joiners (U+200C, U+200D) stay: emoji sequences and some scripts need them.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const WHITESPACE_RUN = /\s+/g;

/** `text` without the characters that are never shown. */
function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** `text` on one line: invisible characters removed, every whitespace run folded into one space. */
export function flatten(text: string): string {
  return stripInvisible(text).replace(WHITESPACE_RUN, ' ').trim();
}

/** What credentials look like when a server echoes a request back: the part kept, then the secret. */
const CREDENTIAL_PATTERNS = [/\b((?:Bearer|Basic)\s+)[^\s"',;]+/gi, /\b((?:authorization|api[_-]?key)["']?\s*[:=]\s*["']?(?:(?:Bearer|Basic)\s+)?)[^\s"',;]+/gi];

/**
 * `text` with every occurrence of `secrets` and anything shaped like a credential (`Bearer …`,
 * `authorization: …`, `api_key=…`) replaced. Run first, on the whole text: a secret cut in half by
 * shortening would no longer match.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of secrets) if (secret.length >= 4 && clean.includes(secret)) clean = clean.split(secret).join('<redacted>');
  // Every field of every answer comes through here: most hold no credential word at all.
  if (!CREDENTIAL_WORD.test(clean)) return clean;
  for (const pattern of CREDENTIAL_PATTERNS) clean = clean.replace(pattern, keepRedacted);
  return clean;
}

/** A word each of CREDENTIAL_PATTERNS needs: text without one cannot match them. */
const CREDENTIAL_WORD = /bearer|basic|authorization|api[_-]?key/i;

function keepRedacted(match: string, kept: string): string {
  return match.endsWith('<redacted>') ? match : `${kept}<redacted>`;
}

/** `text` cut to at most `max` characters with an ellipsis, never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return `${text.slice(0, cut)}…`;
}

/**
 * How much of each field is kept when an answer is read: Braze's own fields are far shorter, and a
 * server sending more must not grow the extension host, the persisted cache or the panel with it.
 */
export const INGEST_LIMITS = {
  name: 1_000,
  description: 20_000,
  listItems: 200,
  listItem: 500,
  pageRows: 1_000,
  seriesPoints: 1_000,
  serverMessage: 200,
} as const;

/** A list kept to `maxItems` items of at most `maxLength` characters; `omitted` counts the rest. */
export function boundedList(items: readonly string[], maxItems: number = INGEST_LIMITS.listItems, maxLength: number = INGEST_LIMITS.listItem): { items: string[]; omitted: number } {
  return { items: items.slice(0, maxItems).map((item) => truncate(item, maxLength)), omitted: Math.max(0, items.length - maxItems) };
}
