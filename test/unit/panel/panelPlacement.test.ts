// Pure parts of the panel that depend on the user's workspaces: the words for an id no workspace
// knows, the panel of a user with no workspace, and what the serializer reads back from a saved state.
import assert from 'node:assert/strict';
import { orList } from '../../../src/segments/format';
import { noWorkspaceError, notFoundMessage } from '../../../src/ui/panel/panelErrors';
import { readSavedPanel } from '../../../src/ui/panel/savedPanel';

const ID = '3f1c2b4a-9d8e-4f70-a1b2-c3d4e5f60718';

describe('a panel for an id no workspace knows', () => {
  it('names the workspaces that were asked', () => {
    assert.equal(orList(['Production']), 'Production');
    assert.equal(orList(['Production', 'Staging']), 'Production or Staging');
    assert.equal(orList(['Production', 'Staging', 'Dev']), 'Production, Staging or Dev');
    assert.ok(notFoundMessage(['Production', 'Staging'], true).startsWith('No segment with this id in Production or Staging.'));
  });

  it('says where else it could be: nowhere you have, when every workspace with a key was asked', () => {
    assert.match(notFoundMessage(['Production', 'Staging'], true), /a workspace you have not added\.$/);
    assert.match(notFoundMessage(['Production', 'Staging'], false), /belong to another workspace\.$/);
  });

  it('with no workspace at all, offers to select an endpoint and gives the settings’ reason', () => {
    const none = noWorkspaceError(undefined);
    assert.equal(none.kind, 'no-endpoint');
    assert.equal(none.message, 'No Braze REST endpoint is set. Select your Braze instance to continue.');
    assert.equal(noWorkspaceError('The braze.restEndpoint setting is not usable: it is not https.').message, 'The braze.restEndpoint setting is not usable: it is not https. Select your Braze instance to continue.');
  });
});

describe('a saved panel state', () => {
  it('gives the id and the workspace the panel belonged to', () => {
    assert.deepEqual(readSavedPanel({ id: ID, instance: 'US-03', home: 'Staging', workspace: 'Staging', loading: false }), { id: ID, workspace: 'Staging' });
    // With one workspace the header names none, but the panel still belongs to it.
    assert.deepEqual(readSavedPanel({ id: ID, home: 'US-03' }), { id: ID, workspace: 'US-03' });
  });

  it('reads a state saved before panels had a workspace', () => {
    assert.deepEqual(readSavedPanel({ id: ID, instance: 'US-03' }), { id: ID });
    assert.deepEqual(readSavedPanel({ id: ID, workspace: 'Staging' }), { id: ID, workspace: 'Staging' });
  });

  it('takes nothing from a state that is not one of ours', () => {
    for (const state of [undefined, null, 'x', 42, {}, { id: 42 }, { id: '' }, { id: 'has space' }, { id: 'x'.repeat(65) }]) assert.equal(readSavedPanel(state), undefined, JSON.stringify(state));
    assert.deepEqual(readSavedPanel({ id: ID, home: 7, workspace: ['Staging'] }), { id: ID });
  });
});
