// Pure parts of the detail panel: the words above details from an earlier fetch, and the webview's
// new message (Retry for the sizes section), checked like every other message.
import assert from 'node:assert/strict';
import { staleDataError } from '../../../src/segments/panelSegment';
import { readFromWebview } from '../../../src/ui/panel/protocol';

describe('an error above details from an earlier fetch', () => {
  const now = Date.UTC(2026, 2, 3, 12, 0, 0);

  it('says the refresh failed, and that the details shown are the last fetched, with their age', () => {
    assert.deepEqual(staleDataError('details', 'Braze had a server error (503). Try again in a moment.', now - 5 * 60_000, now), {
      message: 'Could not refresh: Braze had a server error (503). Try again in a moment.',
      note: 'Showing the details from the last successful fetch, 5 minutes ago.',
    });
    assert.equal(staleDataError('details', 'x', now - 3 * 24 * 3600_000, now).note, 'Showing the details from the last successful fetch, 3 days ago.');
  });

  it('names the sizes when it is the chart that stays', () => {
    assert.deepEqual(staleDataError('sizes', 'Braze had a server error (503).', now - 3600_000, now), {
      message: 'Could not refresh the sizes: Braze had a server error (503).',
      note: 'Showing the sizes from the last successful fetch, 1 hour ago.',
    });
  });

  it('reads naturally for details fetched moments ago', () => {
    assert.equal(staleDataError('details', 'x', now - 2000, now).note, 'Showing the details from the last successful fetch, a moment ago.');
  });
});

describe('webview messages of the sizes section', () => {
  it('accepts retrySizes, and nothing more in it', () => {
    assert.deepEqual(readFromWebview({ type: 'retrySizes' }), { type: 'retrySizes' });
    assert.equal(readFromWebview({ type: 'retrySizes', days: 30 }), undefined);
    assert.equal(readFromWebview({ type: 'retrysizes' }), undefined);
  });
});
