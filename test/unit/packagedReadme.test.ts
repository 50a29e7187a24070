// The README the .vsix ships: its screenshots inlined as data: URLs, since the extension's details
// page in VS Code loads images from https: and data: only (scripts/packaged-readme.ts says why).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inlineReadmeImages } from '../../scripts/packaged-readme';

const ROOT = path.resolve(__dirname, '..', '..');

describe('the packaged README', () => {
  it('inlines Markdown and <img> images under media/readme/, and leaves the text alone', () => {
    const readme = ['# Title', '![A card](media/readme/a.webp)', '<img alt="B" src="media/readme/b.png" width="10">', 'See [the log](#log).'].join('\n');
    const files: Record<string, Buffer> = { 'media/readme/a.webp': Buffer.from('AAA'), 'media/readme/b.png': Buffer.from('BBB') };
    const out = inlineReadmeImages(readme, (relative) => files[relative] ?? assert.fail(`read ${relative}`));
    assert.equal(
      out,
      ['# Title', `![A card](data:image/webp;base64,${Buffer.from('AAA').toString('base64')})`, `<img alt="B" src="data:image/png;base64,${Buffer.from('BBB').toString('base64')}" width="10">`, 'See [the log](#log).'].join('\n'),
    );
  });

  it('refuses an image type the page may not show inlined (SVG)', () => {
    assert.throws(() => inlineReadmeImages('![x](media/readme/x.svg)', () => Buffer.from('<svg/>')), /only .webp, .png/);
  });

  it('finds every image the README links on disk, each small', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const read: string[] = [];
    inlineReadmeImages(readme, (relative) => {
      read.push(relative);
      return fs.readFileSync(path.join(ROOT, relative));
    });
    assert.ok(read.length >= 4, `only ${read.length} images inlined`);
    for (const relative of read) assert.ok(fs.statSync(path.join(ROOT, relative)).size < 80 * 1024, `${relative} is over 80 KB: the .vsix must stay under 500 KB`);
  });
});
