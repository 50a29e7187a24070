// The test server's control endpoint, `/__control`: switches its failure mode while it runs, so a demo
// can show a 429, a 5xx, a slow or a malformed Braze live, and a person can try them with curl or a
// browser tab. It lives outside /segments/ so it can never answer a Braze path, needs no key (it
// controls a local test server, nothing real), and exists only on this test server.
//
//   GET or POST /__control                       the current switches
//   GET or POST /__control?mode=429[&seconds=60]  every authenticated request answers 429 for that long
//               ?mode=5xx[&count=N][&endpoint=details|list|data_series]
//                                                 HTML 503s: until mode=ok (or for the next N requests),
//                                                 on every path or on one endpoint only
//               ?mode=slow[&ms=3000]              every answer waits that long
//               ?mode=malformed[&kind=not-json|wrong-types|missing-message]
//               ?mode=ok                          back to a healthy server
// One mode at a time: setting one clears the others, so what you asked for is what you get.
import type { Endpoint, Malformation } from './bodies';

export const CONTROL_PATH = '/__control';
export const CONTROL_MODES = ['ok', '429', '5xx', 'slow', 'malformed'] as const;
export type ControlMode = (typeof CONTROL_MODES)[number];

const ENDPOINTS: readonly Endpoint[] = ['details', 'list', 'data_series'];
const MALFORMATIONS: readonly Malformation[] = ['not-json', 'wrong-types', 'missing-message'];

/** The server's switches that the control endpoint sets (the same ones tests set directly). */
export interface ControlSwitches {
  rateLimitedUntil: number | undefined;
  serverErrors: number;
  serverErrorsFor: Endpoint | undefined;
  delayMs: number;
  malformed: Malformation | undefined;
}

/** What `/__control` answers: the switches now, and the mode they amount to. */
export interface ControlState {
  mode: ControlMode | 'mixed';
  rateLimitedUntil?: string;
  serverErrors?: number | 'always';
  serverErrorsFor?: Endpoint;
  delayMs?: number;
  malformed?: Malformation;
}

export type ControlResult = { ok: true; state: ControlState } | { ok: false; message: string };

/** Applies `query` (when it names a mode) to `switches`; `nowMs` dates a 429 window. */
export function applyControl(switches: ControlSwitches, query: Record<string, string>, nowMs: number): ControlResult {
  const mode = param(query, 'mode');
  if (mode === undefined) return { ok: true, state: describe(switches, nowMs) };
  if (!(CONTROL_MODES as readonly string[]).includes(mode)) {
    return { ok: false, message: `unknown mode "${mode}": use one of ${CONTROL_MODES.join(', ')}` };
  }
  const parsed = parseOptions(mode as ControlMode, query);
  if (typeof parsed === 'string') return { ok: false, message: parsed };
  switches.rateLimitedUntil = undefined;
  switches.serverErrors = 0;
  switches.serverErrorsFor = undefined;
  switches.delayMs = 0;
  switches.malformed = undefined;
  Object.assign(switches, parsed.set(nowMs));
  return { ok: true, state: describe(switches, nowMs) };
}

/** The switches a mode sets, or why its options are not usable. */
function parseOptions(mode: ControlMode, query: Record<string, string>): { set(nowMs: number): Partial<ControlSwitches> } | string {
  const integer = (name: string, fallback: number, min: number, max: number): number | string => {
    const text = param(query, name);
    if (text === undefined) return fallback;
    const value = /^\d+$/.test(text) ? Number(text) : NaN;
    return value >= min && value <= max ? value : `${name} must be an integer from ${min} to ${max}, got "${text}"`;
  };
  switch (mode) {
    case 'ok':
      return { set: () => ({}) };
    case '429': {
      const seconds = integer('seconds', 60, 1, 3600);
      if (typeof seconds === 'string') return seconds;
      return { set: (nowMs) => ({ rateLimitedUntil: Math.ceil(nowMs / 1000) + seconds }) };
    }
    case '5xx': {
      const count = integer('count', -1, 1, 1_000_000);
      if (typeof count === 'string') return count;
      const endpoint = param(query, 'endpoint');
      if (endpoint !== undefined && !(ENDPOINTS as readonly string[]).includes(endpoint)) {
        return `endpoint must be one of ${ENDPOINTS.join(', ')}, got "${endpoint}"`;
      }
      return { set: () => ({ serverErrors: count, serverErrorsFor: endpoint as Endpoint | undefined }) };
    }
    case 'slow': {
      const ms = integer('ms', 3000, 1, 120_000);
      if (typeof ms === 'string') return ms;
      return { set: () => ({ delayMs: ms }) };
    }
    case 'malformed': {
      const kind = param(query, 'kind') ?? 'not-json';
      if (!(MALFORMATIONS as readonly string[]).includes(kind)) return `kind must be one of ${MALFORMATIONS.join(', ')}, got "${kind}"`;
      return { set: () => ({ malformed: kind as Malformation }) };
    }
  }
}

/** Own properties only: `?constructor=x` is a parameter, not Object.prototype's. */
function param(query: Record<string, string>, name: string): string | undefined {
  return Object.hasOwn(query, name) ? query[name] : undefined;
}

function describe(switches: ControlSwitches, nowMs: number): ControlState {
  const limited = switches.rateLimitedUntil !== undefined && nowMs / 1000 < switches.rateLimitedUntil;
  const active: ControlMode[] = [];
  const state: Omit<ControlState, 'mode'> = {};
  if (limited) {
    active.push('429');
    state.rateLimitedUntil = new Date(switches.rateLimitedUntil! * 1000).toISOString();
  }
  if (switches.serverErrors !== 0) {
    active.push('5xx');
    state.serverErrors = switches.serverErrors < 0 ? 'always' : switches.serverErrors;
    if (switches.serverErrorsFor) state.serverErrorsFor = switches.serverErrorsFor;
  }
  if (switches.delayMs > 0) {
    active.push('slow');
    state.delayMs = switches.delayMs;
  }
  if (switches.malformed) {
    active.push('malformed');
    state.malformed = switches.malformed;
  }
  return { mode: active.length === 0 ? 'ok' : active.length === 1 ? active[0] : 'mixed', ...state };
}

/** The lines a demo or the CLI prints so a person can use the switches. */
export function controlUsage(baseUrl: string): string[] {
  const url = `${baseUrl}${CONTROL_PATH}`;
  return [
    `curl -X POST '${url}?mode=429'             rate limited for 60 s (&seconds=N)`,
    `curl -X POST '${url}?mode=5xx'             every request answers 503 (&endpoint=data_series: sizes only; &count=N)`,
    `curl -X POST '${url}?mode=slow'            every answer takes 3 s (&ms=N)`,
    `curl -X POST '${url}?mode=malformed'       broken JSON (&kind=wrong-types or missing-message)`,
    `curl -X POST '${url}?mode=ok'              healthy again;  curl '${url}' shows the current mode`,
  ];
}
