// `npm run check:l10n` (a stage of `npm test`): the translations are complete and current.
//   1. l10n/bundle.l10n.json is what `npm run l10n` (@vscode/l10n-dev over src/) makes of today's code:
//      a string added to the code without regenerating the bundle fails here.
//   2. Every other l10n/bundle.l10n.<locale>.json translates every string of the bundle, keeps each
//      placeholder ({0}, {name}) and `$(icon)` of it, and has no string the bundle no longer has.
//   3. package.json's contributed titles, names and descriptions are %keys%, each in package.nls.json,
//      and every package.nls.<locale>.json translates them all (same placeholders, nothing extra).
// Literals that never reach l10n.t are caught by lint (eslint.config.mjs, "user-facing literal").
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const L10N_DIR = path.join(ROOT, 'l10n');

type Bundle = Record<string, string | { message: string; comment?: string[] }>;

const problems: string[] = [];
const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;
const messageOf = (value: Bundle[string]) => (typeof value === 'string' ? value : value.message);
/** What a translation must keep: placeholders and codicons, as a sorted list. */
const tokensOf = (text: string) => [...text.matchAll(/\{[^{}\s]+\}|\$\([a-z0-9-~]+\)/g)].map((m) => m[0]).sort().join(' ');

function compareTranslations(what: string, source: Record<string, string>, translated: Record<string, string>): void {
  for (const [key, text] of Object.entries(source)) {
    const translation = translated[key];
    if (translation === undefined) problems.push(`${what}: no translation of ${JSON.stringify(key)}`);
    else if (tokensOf(translation) !== tokensOf(text)) problems.push(`${what}: ${JSON.stringify(key)} keeps [${tokensOf(text)}] in English but [${tokensOf(translation)}] translated`);
  }
  for (const key of Object.keys(translated)) if (!(key in source)) problems.push(`${what}: ${JSON.stringify(key)} is no longer in the source: remove it`);
}

function checkBundle(): void {
  const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'braze-l10n-'));
  try {
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'vscode-l10n-dev'), ['export', '--outDir', fresh, path.join(ROOT, 'src')], { stdio: 'pipe' });
    const generated = path.join(fresh, 'bundle.l10n.json');
    const committed = path.join(L10N_DIR, 'bundle.l10n.json');
    const want = fs.existsSync(generated) ? readJson<Bundle>(generated) : {};
    const have = fs.existsSync(committed) ? readJson<Bundle>(committed) : {};
    if (JSON.stringify(want) !== JSON.stringify(have)) problems.push('l10n/bundle.l10n.json is not what the code says: run `npm run l10n` and translate what it adds');
    const english = Object.fromEntries(Object.entries(want).map(([key, value]) => [key, messageOf(value)]));
    for (const file of fs.readdirSync(L10N_DIR).filter((name) => /^bundle\.l10n\.[^.]+\.json$/.test(name))) {
      compareTranslations(`l10n/${file}`, english, readJson<Record<string, string>>(path.join(L10N_DIR, file)));
    }
  } finally {
    fs.rmSync(fresh, { recursive: true, force: true });
  }
}

/** The package.json fields VS Code shows a user; each must be a %key%. */
function* contributedStrings(manifest: Record<string, unknown>): Generator<[string, unknown]> {
  yield ['displayName', manifest.displayName];
  yield ['description', manifest.description];
  const contributes = (manifest.contributes ?? {}) as Record<string, unknown>;
  const list = (value: unknown) => (Array.isArray(value) ? (value as Record<string, unknown>[]) : []);
  for (const command of list(contributes.commands)) yield [`command ${command.command}`, command.title];
  for (const [container, views] of Object.entries((contributes.viewsContainers ?? {}) as Record<string, unknown>)) {
    for (const view of list(views)) yield [`view container ${container}/${view.id}`, view.title];
  }
  for (const [container, views] of Object.entries((contributes.views ?? {}) as Record<string, unknown>)) {
    for (const view of list(views)) yield [`view ${container}/${view.id}`, view.name];
  }
  for (const welcome of list(contributes.viewsWelcome)) yield [`welcome of ${welcome.view}`, welcome.contents];
  const configuration = (contributes.configuration ?? {}) as { title?: unknown; properties?: Record<string, Record<string, unknown>> };
  yield ['configuration title', configuration.title];
  for (const [key, property] of Object.entries(configuration.properties ?? {})) {
    for (const field of ['description', 'markdownDescription', 'deprecationMessage', 'markdownDeprecationMessage', 'errorMessage', 'patternErrorMessage'] as const) {
      if (field in property) yield [`setting ${key} ${field}`, property[field]];
    }
    for (const [i, text] of (Array.isArray(property.enumDescriptions) ? property.enumDescriptions : []).entries()) yield [`setting ${key} enumDescriptions[${i}]`, text];
    const items = (property.items ?? {}) as { properties?: Record<string, Record<string, unknown>> };
    for (const [name, item] of Object.entries(items.properties ?? {})) {
      for (const field of ['description', 'markdownDescription'] as const) if (field in item) yield [`setting ${key}[].${name} ${field}`, item[field]];
    }
  }
  for (const walkthrough of list(contributes.walkthroughs)) {
    yield [`walkthrough ${walkthrough.id} title`, walkthrough.title];
    yield [`walkthrough ${walkthrough.id} description`, walkthrough.description];
    for (const step of list(walkthrough.steps)) {
      yield [`walkthrough step ${step.id} title`, step.title];
      yield [`walkthrough step ${step.id} description`, step.description];
    }
  }
  const capabilities = (manifest.capabilities ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(capabilities)) {
    if (value && typeof value === 'object' && 'description' in value) yield [`capability ${name}`, (value as { description: unknown }).description];
  }
}

function checkManifest(): void {
  const manifest = readJson<Record<string, unknown>>(path.join(ROOT, 'package.json'));
  const nls = readJson<Record<string, string>>(path.join(ROOT, 'package.nls.json'));
  const used = new Set<string>();
  for (const [where, value] of contributedStrings(manifest)) {
    if (value === undefined) continue;
    const key = typeof value === 'string' ? /^%([^%]+)%$/.exec(value)?.[1] : undefined;
    if (!key) problems.push(`package.json ${where}: ${JSON.stringify(value)} is shown to users: make it a %key% of package.nls.json`);
    else if (!(key in nls)) problems.push(`package.json ${where}: %${key}% is not in package.nls.json`);
    else used.add(key);
  }
  for (const key of Object.keys(nls)) if (!used.has(key)) problems.push(`package.nls.json: ${key} is used nowhere in package.json`);
  for (const file of fs.readdirSync(ROOT).filter((name) => /^package\.nls\.[^.]+\.json$/.test(name))) {
    compareTranslations(file, nls, readJson<Record<string, string>>(path.join(ROOT, file)));
  }
}

checkBundle();
checkManifest();
if (problems.length) {
  for (const problem of problems) console.error(`l10n: ${problem}`);
  console.error(`\n${problems.length} l10n problem(s).`);
  process.exitCode = 1;
} else {
  console.log('l10n: the bundle is current, and every string has its translations.');
}
