// What a key can do, learned from Braze before the key is saved. The list call is the cheap one
// and settles "rejected"; only when the key is accepted are the two per-segment permissions probed,
// with an id that exists nowhere (a "not found" answer proves the permission without reading data).
import type { BrazeClient } from '../braze/client';
import { type BrazeError, type BrazePermission, asBrazeError } from '../braze/errors';

export type KeyCheck =
  | { outcome: 'valid' }
  | { outcome: 'lacking'; missing: BrazePermission[] }
  | { outcome: 'rejected' }
  /** Braze could not say (network, timeout, 5xx, 429): the key is neither good nor bad yet. */
  | { outcome: 'unknown'; error: BrazeError };

const PROBE_ID = '00000000-0000-0000-0000-000000000000';

export async function checkKey(client: BrazeClient, signal?: AbortSignal): Promise<KeyCheck> {
  // The user is waiting on this answer: it goes even while a 429 holds.
  const request = { signal, explicit: true };
  const probes: Array<[BrazePermission, () => Promise<unknown>]> = [
    ['segments.list', () => client.listSegments(0, 'desc', request)],
    ['segments.details', () => client.getSegmentDetails(PROBE_ID, request)],
    ['segments.data_series', () => client.getDataSeries(PROBE_ID, 1, undefined, request)],
  ];
  const missing: BrazePermission[] = [];
  for (const [index, [permission, probe]] of probes.entries()) {
    const error = await probe().then(
      () => undefined,
      (thrown: unknown) => asBrazeError(thrown),
    );
    if (!error || error.kind === 'not-found') continue;
    if (error.kind === 'invalid-key' && index === 0) return { outcome: 'rejected' };
    if (error.kind === 'missing-permission') missing.push(permission);
    else if (index === 0) return { outcome: 'unknown', error };
    // a later probe failing for another reason says nothing about the permission: assume it is there
  }
  return missing.length ? { outcome: 'lacking', missing } : { outcome: 'valid' };
}

/** "segments.list", "segments.list and segments.data_series". */
export function listPermissions(permissions: string[]): string {
  if (permissions.length <= 1) return permissions.join('');
  return `${permissions.slice(0, -1).join(', ')} and ${permissions[permissions.length - 1]}`;
}
