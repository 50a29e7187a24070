// The panel's words that depend on the user's workspaces: which of them were asked about an id none
// of them knows, and why there is no workspace to ask. Everything else a panel says about a failure
// comes from segments/errorText, like every other surface. Free of 'vscode': unit-tested in Node.
import * as l10n from '@vscode/l10n';
import { BrazeError } from '../../braze/errors';
import { orList } from '../../segments/format';

/**
 * Braze has no such segment in any workspace that was asked. `asked`: their names, in the order they
 * were asked; `everyKeyed`: they are every workspace with a key, so the segment can only be archived
 * or in a workspace the user has not added (the hover card says the same).
 */
export function notFoundMessage(asked: readonly string[], everyKeyed: boolean): string {
  const elsewhere = everyKeyed ? l10n.t('It may be archived, or belong to a workspace you have not added.') : l10n.t('It may be archived, or belong to another workspace.');
  return l10n.t('No segment with this id in {0}. {1}', orList(asked), elsewhere);
}

/**
 * What a panel says when the user has no workspace at all (describeError offers Select REST Endpoint
 * for it). `endpointProblem`: why braze.restEndpoint is set but cannot be used, if it is.
 */
export function noWorkspaceError(endpointProblem: string | undefined): BrazeError {
  return new BrazeError('no-endpoint', l10n.t('{0} Select your Braze instance to continue.', endpointProblem ?? l10n.t('No Braze REST endpoint is set.')));
}
