// A value built on first use, shared by every layer (src/common/ sits below them all). Intl formatters
// and zod schemas cost milliseconds each to build (RelativeTimeFormat tens of them), so building them
// at import time would slow every activation for nothing.
export function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}
