// Words for every failure: what went wrong and what to do, for notifications, the panel and hovers.
// One place, so the same failure reads the same everywhere. These are our words only: Braze's own
// message is untrusted text and goes to the Braze log, never here.
import type { BrazeError } from '../braze/errors';
import { certificateProblem } from '../braze/transportErrors';
import { formatClockTime } from './format';

/** The fix a message offers as a button. */
export type FixAction = 'selectEndpoint' | 'setApiKey' | 'retry' | 'showLog' | 'testConnection';

export interface ErrorText {
  message: string;
  action?: FixAction;
}

/** `instance` names where the request went, e.g. `US-03` or a test server's host. */
export function describeError(error: BrazeError, instance: string): ErrorText {
  switch (error.kind) {
    case 'no-endpoint':
      // The message says whether the setting is empty or unusable, and why.
      return { message: error.message || 'No Braze REST endpoint is set. Select your Braze instance to continue.', action: 'selectEndpoint' };
    case 'no-key':
      return { message: `No API key is set for ${instance}. Set your Braze REST API key to continue.`, action: 'setApiKey' };
    case 'invalid-id':
      return { message: error.message };
    case 'invalid-key':
      // No status: the stored key was refused before sending, and the message says why.
      return { message: error.status === undefined ? error.message : `Braze rejected this key for ${instance}: check the key, or the REST endpoint.`, action: 'setApiKey' };
    case 'missing-permission':
      return {
        message: `This key lacks the ${error.permission ?? 'needed'} permission. Add it to the key in Braze (Settings > APIs and Identifiers), or set a key that has it.`,
        action: 'setApiKey',
      };
    case 'not-found':
      return { message: `No segment with this id in ${instance}. It may be archived, or belong to another workspace.` };
    case 'rate-limited':
      return {
        message: `Braze rate limit reached; requests resume after ${error.resetAt ? formatClockTime(error.resetAt) : 'a short while'}.`,
        action: 'retry',
      };
    case 'server':
      return { message: `Braze had a server error${error.status ? ` (${error.status})` : ''}. Try again in a moment.`, action: 'retry' };
    case 'network':
      return { message: `${error.message} Check your connection or the REST endpoint.`, action: 'retry' };
    case 'proxy':
      return proxyText(error);
    case 'certificate':
      return { message: `${error.message} ${CERTIFICATE_FIXES[certificateProblem(error.code)]}`, action: 'testConnection' };
    case 'timeout':
      return { message: `${error.message} Try again, or raise the braze.requestTimeoutSeconds setting.`, action: 'retry' };
    case 'not-sent':
      return { message: `${error.message} Try again in a moment.`, action: 'retry' };
    case 'too-large':
      return { message: `${error.message} The Braze log has the details.`, action: 'showLog' };
    case 'internal':
      return { message: 'Something went wrong in Braze Segments (details in the log).', action: 'showLog' };
    case 'invalid-response':
      return {
        message: `Braze sent an answer this extension does not understand (${error.field ? `field "${error.field}"` : 'its body'}). The Braze log has the details.`,
        action: 'showLog',
      };
    case 'bad-request':
      return { message: `Braze refused the request${error.status ? ` (${error.status})` : ''}. The Braze log has Braze's own message.`, action: 'showLog' };
    case 'aborted':
      return { message: 'Cancelled.' };
  }
}

// The proxy's message names it and where it was set (never its credentials); the fix depends on why.
function proxyText(error: BrazeError): ErrorText {
  const fromSettings = /\(from http\.proxy[,)]/.test(error.proxy ?? '');
  const where = fromSettings ? 'the http.proxy setting' : 'the proxy environment variable VS Code was started with (or set http.proxy)';
  if (error.status === 407) {
    return {
      message: `${error.message} Put the user name and password in http.proxy as http://user:password@host:port, or set http.proxyAuthorization.`,
      action: 'testConnection',
    };
  }
  if (error.status !== undefined) {
    return { message: `${error.message} The proxy may block Braze: ask for the host to be allowed, or list it in http.noProxy if it can be reached directly.`, action: 'testConnection' };
  }
  if (error.code === undefined) return { message: `${error.message} Fix ${where}, or set http.proxySupport to "off".`, action: 'testConnection' };
  return { message: `${error.message} Check ${where}, or list the Braze host in http.noProxy if it can be reached directly.`, action: 'retry' };
}

const CERTIFICATE_FIXES = {
  untrusted:
    "If your company inspects TLS, add its root certificate to the operating system's certificate store (with http.systemCertificates on) or point NODE_EXTRA_CA_CERTS at it, then restart VS Code.",
  expired: "Check this computer's date and time; if they are right, the server's certificate has expired.",
  name: 'Check braze.restEndpoint, and any proxy or firewall that answers in its place.',
  other: 'Braze: Test Connection shows the certificate that was seen.',
} as const;
