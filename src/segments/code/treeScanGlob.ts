// What VS Code's search skips, as this scan needs it: the `true` entries of `files.exclude` and
// `search.exclude` as one glob for `findFiles` (so the search never walks node_modules at all), and
// as a matcher for the single files a watcher or a save reports (so one file is judged exactly as the
// workspace scan judged it). Pure: the UI reads the settings and hands over their patterns.
//
// The glob dialect is VS Code's: `*` and `?` within one path segment, `**` across segments, `{a,b}`
// alternatives, `[abc]` / `[!abc]` classes, patterns relative to the workspace folder, and a pattern
// that matches a folder excludes everything in it.

/** More alternatives than this from one pattern's braces is a mistake, not a setting: the rest go. */
const MAX_EXPANSIONS = 256;

/** `**\/{a,b}/*.{ts,js}` as its four brace-free patterns (nested braces too). */
export function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf('{');
  if (open < 0) return [pattern];
  const close = matchingBrace(pattern, open);
  if (close < 0) return [pattern];
  const head = pattern.slice(0, open);
  const tails = expandBraces(pattern.slice(close + 1));
  const expanded: string[] = [];
  for (const choice of topLevelChoices(pattern.slice(open + 1, close))) {
    for (const inner of expandBraces(choice)) {
      for (const tail of tails) {
        if (expanded.length >= MAX_EXPANSIONS) return expanded;
        expanded.push(`${head}${inner}${tail}`);
      }
    }
  }
  return expanded;
}

function matchingBrace(pattern: string, open: number): number {
  let depth = 0;
  for (let i = open; i < pattern.length; i++) {
    if (pattern[i] === '{') depth++;
    else if (pattern[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function topLevelChoices(body: string): string[] {
  const choices: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (char === '{') depth++;
    else if (char === '}') depth--;
    else if (char === ',' && depth === 0) {
      choices.push(body.slice(from, i));
      from = i + 1;
    }
  }
  choices.push(body.slice(from));
  return choices;
}

/** The brace-free, de-duplicated patterns of a list of exclude patterns (empty ones dropped). */
export function flatPatterns(patterns: readonly string[]): string[] {
  const flat = new Set<string>();
  for (const pattern of patterns) {
    for (const expanded of expandBraces(pattern.trim())) {
      // `./x` and `x/` mean `x` to VS Code.
      const clean = expanded.replace(/^\.\//, '').replace(/\/+$/, '');
      if (clean) flat.add(clean);
    }
  }
  return [...flat];
}

/**
 * One glob for `findFiles`'s exclude: `{a,b,c}` of the flat patterns, or undefined when there are
 * none. Flat because neither VS Code's glob nor ripgrep's (which runs the search) take nested braces.
 * A pattern with a comma or a brace left in it cannot stand in the list: the matcher still applies it.
 */
export function excludeGlob(patterns: readonly string[]): string | undefined {
  const usable = flatPatterns(patterns).filter((pattern) => !/[{},]/.test(pattern));
  if (!usable.length) return undefined;
  return usable.length === 1 ? usable[0] : `{${usable.join(',')}}`;
}

/**
 * Whether a folder-relative path (`src/a.ts`, `/` separated) is excluded: it, or a folder it is in,
 * matches one of the patterns. Built once per settings change; each call costs one regular
 * expression test per path segment.
 */
export function excludeMatcher(patterns: readonly string[]): (relativePath: string) => boolean {
  const flat = flatPatterns(patterns);
  if (!flat.length) return () => false;
  const combined = new RegExp(`^(?:${flat.map(globToRegExpSource).join('|')})$`);
  return (relativePath) => {
    const path = relativePath.replace(/^\/+/, '');
    if (!path) return false;
    for (let slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
      if (combined.test(path.slice(0, slash))) return true;
    }
    return combined.test(path);
  };
}

/** A brace-free glob as a regular expression source, anchored by the caller. */
export function globToRegExpSource(glob: string): string {
  // `a/**/**/b` is `a/**/b`.
  const segments = glob.split('/').filter((segment, i, all) => !(segment === '**' && all[i - 1] === '**'));
  let source = '';
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '**') {
      // Leading `**/x`: any folders, or none. Middle `a/**/b`: any folders between. Trailing `a/**`: a and all below.
      if (i === 0) source += last ? '.*' : '(?:[^/]+/)*';
      else source += last ? '(?:/.*)?' : '(?:/[^/]+)*';
      return;
    }
    if (i > 0 && segments[i - 1] !== '**') source += '/';
    else if (i > 1) source += '/';
    source += segmentSource(segment);
  });
  return source;
}

function segmentSource(segment: string): string {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const char = segment[i];
    if (char === '*') {
      source += '[^/]*';
      while (segment[i + 1] === '*') i++;
    } else if (char === '?') source += '[^/]';
    else if (char === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close < 0) {
        source += '\\[';
        continue;
      }
      let body = segment.slice(i + 1, close);
      const negated = body[0] === '!' || body[0] === '^';
      if (negated) body = body.slice(1);
      source += `[${negated ? '^' : ''}${body.replace(/[\\\]]/g, '\\$&')}]`;
      i = close;
    } else source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return source;
}
