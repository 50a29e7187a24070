// What a REST API key can look like. Braze keys are UUIDs; whatever the format, a key travels in an
// HTTP header, so it is printable ASCII without spaces. Checked when a key is typed (with the reason
// shown in the input box) and again before a stored key is sent.
import * as l10n from '@vscode/l10n';

const MIN_API_KEY_LENGTH = 8;
const MAX_API_KEY_LENGTH = 256;

/**
 * What people paste, made a key: surrounding white space and quotes, and the `Bearer ` of a curl
 * snippet's header, are not part of it.
 */
export function cleanApiKey(input: string): string {
  let key = input.trim();
  for (;;) {
    const before = key;
    key = key.replace(/^(authorization\s*:\s*)?bearer\s+/i, '').trim();
    if (key.length >= 2 && /^(["'`]).*\1$/s.test(key)) key = key.slice(1, -1).trim();
    if (key === before) return key;
  }
}

/** Why `key` cannot be an API key, or undefined when it can. */
export function apiKeyProblem(key: string): string | undefined {
  if (!key) return l10n.t('Enter the API key, or press Escape to cancel.');
  if (/\s/.test(key)) return l10n.t('An API key has no spaces or line breaks: paste the key alone.');
  if (!/^[\x21-\x7e]+$/.test(key)) return l10n.t('An API key is made of printable ASCII characters (letters, digits, dashes); this one has other characters.');
  if (key.length < MIN_API_KEY_LENGTH) return l10n.t('An API key has at least {0} characters; this has {1}.', MIN_API_KEY_LENGTH, key.length);
  if (key.length > MAX_API_KEY_LENGTH) return l10n.t('An API key has at most {0} characters; this has {1}.', MAX_API_KEY_LENGTH, key.length);
  return undefined;
}
