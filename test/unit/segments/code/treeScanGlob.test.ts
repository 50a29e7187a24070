// files.exclude and search.exclude as the workspace scan applies them: one flat glob for findFiles,
// and a matcher for the single files a watcher or a save reports, with VS Code's glob semantics.
import assert from 'node:assert/strict';
import { excludeGlob, excludeMatcher, expandBraces, flatPatterns } from '../../../../src/segments/code/treeScanGlob';

// VS Code's defaults: files.exclude and search.exclude.
const DEFAULTS = ['**/.git', '**/.svn', '**/.hg', '**/CVS', '**/.DS_Store', '**/Thumbs.db', '**/node_modules', '**/bower_components', '**/*.code-search'];

describe('tree scan excludes', () => {
  it('expands braces, nested ones too', () => {
    assert.deepEqual(expandBraces('**/{node_modules,bower_components}'), ['**/node_modules', '**/bower_components']);
    assert.deepEqual(expandBraces('{a,b}/{c,d}'), ['a/c', 'a/d', 'b/c', 'b/d']);
    assert.deepEqual(expandBraces('x/{a,{b,c}}.ts'), ['x/a.ts', 'x/b.ts', 'x/c.ts']);
    assert.deepEqual(expandBraces('no-braces/**'), ['no-braces/**']);
    assert.deepEqual(expandBraces('open{only'), ['open{only']);
    assert.equal(expandBraces('{a,b,c,d}{a,b,c,d}{a,b,c,d}{a,b,c,d}{a,b,c,d}').length, 256, 'a runaway pattern is cut');
  });

  it('makes one flat glob for findFiles (neither VS Code nor ripgrep nests braces)', () => {
    assert.equal(excludeGlob([]), undefined);
    assert.equal(excludeGlob(['**/node_modules']), '**/node_modules');
    assert.equal(excludeGlob(['**/{dist,out}', '**/.git', '**/.git']), '{**/dist,**/out,**/.git}');
    assert.deepEqual(flatPatterns(['./build/', '  ', 'a']), ['build', 'a']);
  });

  it('matches a path, or any folder it is in, with VS Code glob semantics', () => {
    const excluded = excludeMatcher([...DEFAULTS, 'build/**', '*.log', 'src/**/generated', '[Tt]emp', 'file?.tmp', 'docs/[!a]*.md']);
    const yes = [
      'node_modules/pkg/index.js',
      'packages/app/node_modules/dep/index.js',
      '.git/HEAD',
      'sub/.git/config',
      'a/b/.DS_Store',
      'saved.code-search',
      'x/y/saved.code-search',
      'build/out.js',
      'build',
      'app.log',
      'src/generated/a.ts',
      'src/deep/er/generated/b.ts',
      'Temp/x.ts',
      'temp/x.ts',
      'file1.tmp',
      'docs/b.md',
    ];
    const no = ['src/app.ts', 'node_modulesx/a.js', 'my_node_modules/a.js', 'sub/build/out.js', 'logs/app.log', 'src/generated.ts', 'other/generated/c.ts', 'tmp/x', 'file12.tmp', 'docs/a.md', 'docs/sub/b.md'];
    for (const path of yes) assert.ok(excluded(path), `${path} is excluded`);
    for (const path of no) assert.ok(!excluded(path), `${path} is not excluded`);
    assert.ok(!excludeMatcher([])('anything.ts'));
    assert.ok(!excluded(''));
  });

  it('escapes what a regular expression would read', () => {
    const excluded = excludeMatcher(['a+b/(c).ts', '**/$x^']);
    assert.ok(excluded('a+b/(c).ts'));
    assert.ok(!excluded('aab/c.ts'));
    assert.ok(excluded('q/$x^'));
  });
});
