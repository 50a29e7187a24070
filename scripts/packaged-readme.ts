// Writes dist/README.md, the README the .vsix ships (`vsce package --readme-path dist/README.md`):
// the repository's README with its screenshots (media/readme/*.webp) inlined as data: URLs.
//
// Why inline: VS Code renders an installed extension's README in a webview whose content security
// policy is `img-src https: data:`, with no <base> and no access to the extension's folder, so a
// relative image (`media/readme/hover-card.webp`) never loads there, and the package has no
// repository for vsce to rewrite it to. A data: URL is the one offline source that page accepts.
// The repository's README keeps the relative links, which GitHub and editors' previews resolve.
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const IMAGE_DIR = 'media/readme/';
const MIME: Record<string, string> = { '.webp': 'image/webp', '.png': 'image/png' };

/** The README with every `media/readme/…` image (Markdown or <img>) replaced by its data: URL. */
export function inlineReadmeImages(readme: string, read: (relative: string) => Buffer): string {
  const pattern = new RegExp(`(\\]\\(|src=")(${IMAGE_DIR.replace(/\//g, '\\/')}[\\w.-]+)(?=[)"])`, 'g');
  return readme.replace(pattern, (_match, lead: string, relative: string) => {
    const mime = MIME[path.extname(relative)];
    if (!mime) throw new Error(`${relative}: only ${Object.keys(MIME).join(', ')} images are inlined`);
    return `${lead}data:${mime};base64,${read(relative).toString('base64')}`;
  });
}

function main(): void {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const packaged = inlineReadmeImages(readme, (relative) => fs.readFileSync(path.join(ROOT, relative)));
  const left = packaged.match(/(?:\]\(|src=")(?!data:|https:|#)[^)"]+\.(?:png|webp|gif|jpe?g|svg)/g);
  if (left) throw new Error(`README.md links images outside ${IMAGE_DIR}, which the details page cannot show: ${left.join(', ')}`);
  fs.mkdirSync(path.join(ROOT, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'dist', 'README.md'), packaged);
  console.log(`dist/README.md: ${(Buffer.byteLength(packaged) / 1024).toFixed(0)} KB with its images inlined`);
}

if (require.main === module) main();
