import assert from 'node:assert/strict';
import { MAX_WORKSPACES, keyIdFor, readWorkspaceConfigs, workspaceNameProblem } from '../../../src/segments/workspaceConfigs';

const US03 = 'https://rest.iad-03.braze.com';
const EU01 = 'https://rest.fra-01.braze.eu';

describe('readWorkspaceConfigs', () => {
  it('carries the one-endpoint setup over as it was: named after its instance, its key where it always was', () => {
    const { configs, problems } = readWorkspaceConfigs(US03, undefined);
    assert.deepEqual(configs, [{ name: 'US-03', endpoint: US03, keyId: US03 }]);
    assert.deepEqual(problems, []);
  });

  it('puts braze.restEndpoint first, then braze.workspaces in order; two may share an endpoint', () => {
    const { configs } = readWorkspaceConfigs(US03, [
      { name: 'Staging', restEndpoint: US03 },
      { name: ' EU brand ', restEndpoint: `${EU01}/` },
    ]);
    assert.deepEqual(
      configs.map(({ name, endpoint }) => [name, endpoint]),
      [
        ['US-03', US03],
        ['Staging', US03],
        ['EU brand', EU01],
      ],
    );
    assert.notEqual(configs[0].keyId, configs[1].keyId, 'each workspace on a shared endpoint has its own key');
  });

  it('binds a named workspace key to its endpoint: editing the endpoint never reuses the key elsewhere', () => {
    assert.notEqual(keyIdFor('Staging', US03, false), keyIdFor('Staging', EU01, false));
  });

  it('leaves out what cannot be used, says why, and keeps the rest', () => {
    const { configs, problems } = readWorkspaceConfigs('https://evil.example.com', [
      { name: 'Staging', restEndpoint: US03 },
      { name: 'staging', restEndpoint: EU01 },
      { name: 'Evil', restEndpoint: 'https://rest.evil.example' },
      { name: '', restEndpoint: US03 },
      'Production',
      { name: 'No endpoint' },
    ]);
    assert.deepEqual(configs.map((config) => config.name), ['Staging']);
    assert.equal(problems.length, 6, problems.join('\n'));
    assert.match(problems[0], /braze\.restEndpoint setting is not usable/);
    assert.match(problems[1], /Entry 2 .*already have a workspace named/);
    assert.match(problems[2], /Entry 3 of braze.workspaces \("Evil"\) is ignored: .*not a Braze host/);
  });

  it('refuses a name taken by the braze.restEndpoint workspace', () => {
    const { configs, problems } = readWorkspaceConfigs(US03, [{ name: 'us-03', restEndpoint: EU01 }]);
    assert.equal(configs.length, 1);
    assert.match(problems[0], /already have a workspace named "us-03"/);
  });

  it(`reads at most ${MAX_WORKSPACES} workspaces`, () => {
    const entries = Array.from({ length: MAX_WORKSPACES + 5 }, (_, i) => ({ name: `W${i}`, restEndpoint: US03 }));
    const { configs, problems } = readWorkspaceConfigs('', entries);
    assert.equal(configs.length, MAX_WORKSPACES);
    assert.equal(problems.length, 5);
  });

  it('says so when braze.workspaces is not a list', () => {
    assert.match(readWorkspaceConfigs('', { name: 'Staging' }).problems[0], /not a list/);
  });
});

describe('workspaceNameProblem', () => {
  it('takes a plain name and refuses empty, taken, long or markup-like ones', () => {
    assert.equal(workspaceNameProblem('Staging (EU)', ['Production']), undefined);
    assert.match(workspaceNameProblem('  ', [])!, /Give the workspace a name/);
    assert.match(workspaceNameProblem('production', ['Production'])!, /already have/);
    assert.match(workspaceNameProblem('x'.repeat(41), [])!, /40 characters/);
    for (const hostile of ['$(alert) Prod', '[x](command:y)', 'a\u202Eb', 'tab\there', '<b>x</b>']) {
      assert.ok(workspaceNameProblem(hostile, []), `accepted ${JSON.stringify(hostile)}`);
    }
  });
});
