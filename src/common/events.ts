// A minimal event emitter with VS Code's shape (subscribe returns a disposable), so that the layers
// below the UI stay free of the 'vscode' module and run in plain Node.
import type { IDisposable } from './lifecycle';

export type Event<T> = (listener: (value: T) => void) => IDisposable;

export class Emitter<T> implements IDisposable {
  private listeners = new Set<(value: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        console.error('Braze Segments: a listener failed', error);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
