// A value built on first use. Intl formatters cost milliseconds each to build (RelativeTimeFormat
// tens of them), so building them at import time would slow every activation for nothing.
export function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}
