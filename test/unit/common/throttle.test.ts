import assert from 'node:assert/strict';
import { Throttle } from '../../../src/common/throttle';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Throttle', () => {
  it('runs many scheduled calls once, and at once when asked', async () => {
    let runs = 0;
    const throttle = new Throttle(30, () => runs++);
    throttle.schedule();
    throttle.schedule();
    throttle.schedule();
    assert.equal(runs, 0, 'scheduled runs wait for the timer');
    await sleep(10);
    assert.equal(runs, 1, 'the first run after a quiet interval is not delayed');
    throttle.schedule();
    throttle.schedule();
    await sleep(5);
    assert.equal(runs, 1, 'the next one waits for the interval');
    await sleep(50);
    assert.equal(runs, 2);
    throttle.schedule();
    throttle.now();
    assert.equal(runs, 3, 'now() runs at once');
    await sleep(50);
    assert.equal(runs, 3, 'and cancels the scheduled run');
    throttle.dispose();
  });

  it('runs nothing once disposed', async () => {
    let runs = 0;
    const throttle = new Throttle(0, () => runs++);
    throttle.schedule();
    throttle.dispose();
    throttle.now();
    await sleep(10);
    assert.equal(runs, 0);
  });
});
