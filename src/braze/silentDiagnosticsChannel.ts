// Stands in for node:diagnostics_channel inside the bundled undici (esbuild.js swaps it in for
// dist/undici.js only). undici publishes every request it makes, Authorization header included, on
// process-wide channels ('undici:client:sendHeaders', 'undici:request:create', …) that any other
// extension in the same extension host can subscribe to. Our undici's channels have no subscribers,
// ever, so nothing it does is published. The real module is left alone for everyone else.

interface SilentChannel {
  readonly name: string;
  readonly hasSubscribers: false;
  publish(message: unknown): void;
  subscribe(listener: unknown): void;
  unsubscribe(listener: unknown): boolean;
}

export function channel(name: string): SilentChannel {
  return {
    name,
    hasSubscribers: false,
    publish: () => undefined,
    subscribe: () => undefined,
    unsubscribe: () => false,
  };
}

export function hasSubscribers(): false {
  return false;
}

export function subscribe(): void {}

export function unsubscribe(): boolean {
  return false;
}
