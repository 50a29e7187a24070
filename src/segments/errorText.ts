// Words for every failure: what went wrong and what to do, for notifications, the panel and hovers.
// One place, so the same failure reads the same everywhere. These are our words only: Braze's own
// message is untrusted text and goes to the Braze log, never here.
import * as l10n from '@vscode/l10n';
import type { BrazeError } from '../braze/errors';
import { type CertificateProblem, certificateProblem } from '../braze/transportErrors';
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
      return { message: error.message || l10n.t('No Braze REST endpoint is set. Select your Braze instance to continue.'), action: 'selectEndpoint' };
    case 'no-key':
      return { message: l10n.t('No API key is set for {0}. Set your Braze REST API key to continue.', instance), action: 'setApiKey' };
    case 'invalid-id':
      return { message: error.message };
    case 'invalid-key':
      // No status: the stored key was refused before sending, and the message says why.
      return { message: error.status === undefined ? error.message : l10n.t('Braze rejected this key for {0}: check the key, or the REST endpoint.', instance), action: 'setApiKey' };
    case 'missing-permission':
      return {
        message: error.permission
          ? l10n.t('This key lacks the {0} permission. Add it to the key in Braze (Settings > APIs and Identifiers), or set a key that has it.', error.permission)
          : l10n.t('This key lacks the needed permission. Add it to the key in Braze (Settings > APIs and Identifiers), or set a key that has it.'),
        action: 'setApiKey',
      };
    case 'not-found':
      return { message: l10n.t('No segment with this id in {0}. It may be archived, or belong to another workspace.', instance) };
    case 'rate-limited':
      return {
        message: l10n.t('Braze rate limit reached; requests resume after {0}.', error.resetAt ? formatClockTime(error.resetAt) : l10n.t('a short while')),
        action: 'retry',
      };
    case 'server':
      return { message: error.status ? l10n.t('Braze had a server error ({0}). Try again in a moment.', error.status) : l10n.t('Braze had a server error. Try again in a moment.'), action: 'retry' };
    case 'network':
      return { message: l10n.t('{0} Check your connection or the REST endpoint.', error.message), action: 'retry' };
    case 'proxy':
      return proxyText(error);
    case 'certificate':
      return { message: `${error.message} ${certificateFix(certificateProblem(error.code))}`, action: 'testConnection' };
    case 'timeout':
      return { message: l10n.t('{0} Try again, or raise the braze.requestTimeoutSeconds setting.', error.message), action: 'retry' };
    case 'not-sent':
      return { message: l10n.t('{0} Try again in a moment.', error.message), action: 'retry' };
    case 'too-large':
      return { message: l10n.t('{0} The Braze log has the details.', error.message), action: 'showLog' };
    case 'internal':
      return { message: l10n.t('Something went wrong in Braze Segments (details in the log).'), action: 'showLog' };
    case 'invalid-response':
      return {
        message: error.field
          ? l10n.t('Braze sent an answer this extension does not understand (field "{0}"). The Braze log has the details.', error.field)
          : l10n.t('Braze sent an answer this extension does not understand (its body). The Braze log has the details.'),
        action: 'showLog',
      };
    case 'bad-request':
      return { message: error.status
          ? l10n.t("Braze refused the request ({0}). The Braze log has Braze's own message.", error.status)
          : l10n.t("Braze refused the request. The Braze log has Braze's own message."), action: 'showLog' };
    case 'aborted':
      return { message: l10n.t('Cancelled.') };
  }
}

// The proxy's message names it and where it was set (never its credentials); the fix depends on why.
function proxyText(error: BrazeError): ErrorText {
  const fromSettings = /\(from http\.proxy[,)]/.test(error.proxy ?? '');
  const where = fromSettings ? l10n.t('the http.proxy setting') : l10n.t('the proxy environment variable VS Code was started with (or set http.proxy)');
  if (error.status === 407) {
    return {
      message: l10n.t('{0} Put the user name and password in http.proxy as http://user:password@host:port, or set http.proxyAuthorization.', error.message),
      action: 'testConnection',
    };
  }
  if (error.status !== undefined) {
    return { message: l10n.t('{0} The proxy may block Braze: ask for the host to be allowed, or list it in http.noProxy if it can be reached directly.', error.message), action: 'testConnection' };
  }
  if (error.code === undefined) return { message: l10n.t('{0} Fix {1}, or set http.proxySupport to "off".', error.message, where), action: 'testConnection' };
  return { message: l10n.t('{0} Check {1}, or list the Braze host in http.noProxy if it can be reached directly.', error.message, where), action: 'retry' };
}

// A function, not a table of text: the translation is only known once the extension has activated.
function certificateFix(problem: CertificateProblem): string {
  switch (problem) {
    case 'untrusted':
      return l10n.t("If your company inspects TLS, add its root certificate to the operating system's certificate store (with http.systemCertificates on) or point NODE_EXTRA_CA_CERTS at it, then restart VS Code.");
    case 'expired':
      return l10n.t("Check this computer's date and time; if they are right, the server's certificate has expired.");
    case 'name':
      return l10n.t('Check braze.restEndpoint, and any proxy or firewall that answers in its place.');
    case 'other':
      return l10n.t('Braze: Test Connection shows the certificate that was seen.');
  }
}
