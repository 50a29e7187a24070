// Disposable: the one way every layer owns listeners, timers and children.
import assert from 'node:assert/strict';
import { Disposable, disposableTimeout, type IDisposable, toDisposable } from '../../../src/common/lifecycle';

/** A Disposable whose protected API the tests can reach. */
class Owner extends Disposable {
  own<T extends IDisposable>(disposable: T): T {
    return this._register(disposable);
  }
  disown(disposable: IDisposable): void {
    this._unregister(disposable);
  }
  get disposed(): boolean {
    return this.isDisposed;
  }
}

describe('Disposable', () => {
  const recorder = () => {
    const order: string[] = [];
    const child = (name: string): IDisposable => ({ dispose: () => order.push(name) });
    return { order, child };
  };

  it('disposes its children newest first, each once, however often it is disposed', () => {
    const { order, child } = recorder();
    const owner = new Owner();
    const [a, b, c] = [child('a'), child('b'), child('c')];
    owner.own(a);
    owner.own(b);
    owner.own(c);
    owner.own(b); // the same child twice is still one child
    assert.equal(owner.disposed, false);
    owner.dispose();
    assert.deepEqual(order, ['c', 'b', 'a']);
    assert.equal(owner.disposed, true);
    owner.dispose();
    assert.deepEqual(order, ['c', 'b', 'a'], 'a second dispose does nothing');
  });

  it('returns what it registers', () => {
    const owner = new Owner();
    const child = { dispose: () => undefined };
    assert.equal(owner.own(child), child);
  });

  it('disposes at once what is registered after it was disposed, and keeps nothing', () => {
    const { order, child } = recorder();
    const owner = new Owner();
    owner.dispose();
    owner.own(child('late'));
    assert.deepEqual(order, ['late']);
    owner.dispose();
    assert.deepEqual(order, ['late'], 'not disposed a second time');
  });

  it('disposes at once what a child registers while the owner is being disposed', () => {
    const order: string[] = [];
    const owner = new Owner();
    owner.own({ dispose: () => order.push('first') });
    owner.own({
      dispose: () => {
        order.push('second');
        owner.own({ dispose: () => order.push('registered while disposing') });
      },
    });
    owner.dispose();
    assert.deepEqual(order, ['second', 'registered while disposing', 'first']);
  });

  it('a child that throws does not keep the others from being disposed', () => {
    const { order, child } = recorder();
    const owner = new Owner();
    owner.own(child('a'));
    owner.own({
      dispose: () => {
        throw new Error('broken child');
      },
    });
    owner.own(child('c'));
    const logged: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => logged.push(args);
    try {
      owner.dispose();
    } finally {
      console.error = original;
    }
    assert.deepEqual(order, ['c', 'a']);
    assert.equal(logged.length, 1);
    assert.match(String((logged[0][1] as Error).message), /broken child/);
  });

  it('an unregistered child is no longer disposed with the owner', () => {
    const { order, child } = recorder();
    const owner = new Owner();
    const kept = owner.own(child('kept'));
    const gone = owner.own(child('gone'));
    owner.disown(gone);
    owner.dispose();
    assert.deepEqual(order, ['kept']);
    assert.ok(kept);
  });

  it('toDisposable runs its function once', () => {
    let calls = 0;
    const disposable = toDisposable(() => calls++);
    disposable.dispose();
    disposable.dispose();
    assert.equal(calls, 1);
  });

  it('disposableTimeout: disposing cancels the timer; an owned timer goes with its owner', async () => {
    let fired = 0;
    disposableTimeout(() => fired++, 5);
    disposableTimeout(() => fired++, 5).dispose();
    const owner = new Owner();
    owner.own(disposableTimeout(() => fired++, 5));
    owner.dispose();
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(fired, 1, 'only the timer nobody disposed');
  });
});
