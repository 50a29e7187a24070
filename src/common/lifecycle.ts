// One way to own disposables (after vscode-pull-request-github's lifecycle.ts): a class that holds
// listeners, emitters, timers or child objects extends Disposable and hands each to `_register`;
// disposing it disposes them all, newest first, once. Free of 'vscode', so every layer shares it;
// VS Code's own Disposables fit the `IDisposable` shape.

export interface IDisposable {
  dispose(): void;
}

export abstract class Disposable implements IDisposable {
  private readonly owned = new Set<IDisposable>();
  private disposedAlready = false;

  /** True once dispose() ran: late callbacks (a request that settles afterwards) check it. */
  protected get isDisposed(): boolean {
    return this.disposedAlready;
  }

  /** Owns `disposable` until this is disposed; registering after that disposes it at once. */
  protected _register<T extends IDisposable>(disposable: T): T {
    if (this.disposedAlready) disposable.dispose();
    else this.owned.add(disposable);
    return disposable;
  }

  /** Gives up ownership of `disposable` early (it was disposed by its own end, e.g. a panel closed). */
  protected _unregister(disposable: IDisposable): void {
    this.owned.delete(disposable);
  }

  /** Safe to call twice: the second call does nothing. */
  dispose(): void {
    if (this.disposedAlready) return;
    this.disposedAlready = true;
    const owned = [...this.owned].reverse();
    this.owned.clear();
    for (const disposable of owned) {
      try {
        disposable.dispose();
      } catch (error) {
        console.error('Braze Segments: a disposable failed', error);
      }
    }
  }
}

/** A timer as a disposable, so that a class owns it like any listener. */
export function disposableTimeout(callback: () => void, ms: number): IDisposable {
  const timer = setTimeout(callback, ms);
  return { dispose: () => clearTimeout(timer) };
}

/** A disposable from a function. */
export function toDisposable(dispose: () => void): IDisposable {
  let done = false;
  return {
    dispose: () => {
      if (done) return;
      done = true;
      dispose();
    },
  };
}
