// Which Braze workspaces the user has, from their user settings: `braze.restEndpoint` (the setup of
// one workspace from before there were several: it stays first, named after its instance, with the
// key it always had) and then each entry of `braze.workspaces`. What cannot be used is left out and
// said in words, so the rest keeps working. Pure: the UI reads the settings, this decides.
import * as l10n from '@vscode/l10n';
import { checkEndpoint, instanceLabel } from '../braze/instances';
import type { WorkspaceConfig } from './workspace';

export interface ConfiguredWorkspaces {
  readonly configs: readonly WorkspaceConfig[];
  /** One sentence per entry left out, and why. */
  readonly problems: readonly string[];
  /** Why `braze.restEndpoint` is set but not usable (also among `problems`). */
  readonly endpointProblem?: string;
}

/** The most workspaces read from settings: more would only be a mistake (and a request per workspace per hover). */
export const MAX_WORKSPACES = 20;
/** Names are shown in status bars and hover cards: short. */
const MAX_WORKSPACE_NAME = 40;

/**
 * The slot of a workspace's key in SecretStorage. The `braze.restEndpoint` workspace keeps the slot
 * its key has always had (the endpoint); a named workspace's slot binds its name and its endpoint,
 * so editing an entry's endpoint never sends its key to another host.
 */
export function keyIdFor(name: string, endpoint: string, legacy: boolean): string {
  return legacy ? endpoint : `${endpoint}|${name}`;
}

export function readWorkspaceConfigs(restEndpoint: string, entries: unknown): ConfiguredWorkspaces {
  const configs: WorkspaceConfig[] = [];
  const problems: string[] = [];
  const names = new Set<string>();
  let endpointProblem: string | undefined;
  const legacy = restEndpoint.trim();
  if (legacy) {
    const check = checkEndpoint(legacy);
    if (check.ok) {
      const name = instanceLabel(check.endpoint);
      configs.push({ name, endpoint: check.endpoint, keyId: keyIdFor(name, check.endpoint, true) });
      names.add(name.toLowerCase());
    } else {
      endpointProblem = l10n.t('The braze.restEndpoint setting is not usable: {0}', check.reason);
      problems.push(endpointProblem);
    }
  }
  if (entries !== undefined && entries !== null && !Array.isArray(entries)) problems.push(l10n.t('The braze.workspaces setting is not a list of { "name", "restEndpoint" } entries: it is ignored.'));
  const list = Array.isArray(entries) ? entries : [];
  list.forEach((entry: unknown, index) => {
    const problem = entryProblem(entry, names);
    const entryNumber = index + 1;
    if (problem) {
      problems.push(l10n.t('Entry {0} of braze.workspaces is ignored: {1}', entryNumber, problem));
      return;
    }
    if (configs.length >= MAX_WORKSPACES) {
      problems.push(l10n.t('Entry {0} of braze.workspaces is ignored: at most {1} workspaces are read.', entryNumber, MAX_WORKSPACES));
      return;
    }
    const { name, restEndpoint: url } = entry as { name: string; restEndpoint: string };
    const check = checkEndpoint(url);
    if (!check.ok) {
      problems.push(l10n.t('Entry {0} of braze.workspaces ("{1}") is ignored: {2}', entryNumber, name.trim(), check.reason));
      return;
    }
    const trimmed = name.trim();
    names.add(trimmed.toLowerCase());
    configs.push({ name: trimmed, endpoint: check.endpoint, keyId: keyIdFor(trimmed, check.endpoint, false) });
  });
  return { configs, problems, endpointProblem };
}

/** Why `name` cannot be a new workspace's name, or undefined when it can. */
export function workspaceNameProblem(name: string, taken: readonly string[]): string | undefined {
  const trimmed = name.trim();
  if (!trimmed) return l10n.t('Give the workspace a name, e.g. Production or Staging.');
  if (trimmed.length > MAX_WORKSPACE_NAME) return l10n.t('Keep the name to {0} characters.', MAX_WORKSPACE_NAME);
  // Names go into hover cards, quick picks and the status bar: nothing that could be taken for markup.
  if (/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(trimmed)) return l10n.t('The name contains control or invisible characters.');
  if (/[$`[\]<>|*_\\]/.test(trimmed)) return l10n.t('Use letters, digits, spaces and simple punctuation (no $ ` [ ] < > | * _ \\).');
  if (taken.some((other) => other.toLowerCase() === trimmed.toLowerCase())) return l10n.t('You already have a workspace named "{0}".', trimmed);
  return undefined;
}

function entryProblem(entry: unknown, names: ReadonlySet<string>): string | undefined {
  if (typeof entry !== 'object' || entry === null) return l10n.t('it is not a { "name", "restEndpoint" } object.');
  const { name, restEndpoint } = entry as { name?: unknown; restEndpoint?: unknown };
  if (typeof name !== 'string') return l10n.t('it has no "name".');
  if (typeof restEndpoint !== 'string' || !restEndpoint.trim()) return l10n.t('"{0}" has no "restEndpoint".', name.trim());
  return workspaceNameProblem(name, [...names]);
}
