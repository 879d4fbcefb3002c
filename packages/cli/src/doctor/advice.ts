import type { ConnectionTestFailure } from '@psa-bridge/core';
import type { PsaId } from '../setup/open-vendors.js';

type Reason = ConnectionTestFailure['reason'];

const GUIDE: Readonly<Record<PsaId | 'goto', string>> = {
  connectwise: 'docs/vendors/onboarding-connectwise.md',
  datto: 'docs/vendors/onboarding-autotask.md',
  goto: 'docs/vendors/onboarding-goto.md',
  halo: 'docs/vendors/onboarding-halo.md',
};

/** Where the onboarding guide of a vendor lives in the psa-bridge repository. */
export function guideOf(vendor: PsaId | 'goto'): string {
  return `the onboarding guide, ${GUIDE[vendor]} in the psa-bridge repository`;
}

const PSA_ADVICE: Readonly<Record<PsaId, Readonly<Record<Reason, string>>>> = {
  halo: {
    UNREACHABLE:
      'Check HALO_URL (the address Halo is opened at, like https://msp.halopsa.com) and that this machine can reach it.',
    AUTHENTICATION:
      'Check HALO_CLIENT_ID and HALO_CLIENT_SECRET against the API application of Halo’s API integration, that its authentication method is Client ID and Secret (Services), and HALO_TENANT on a hosted instance when authinfo does not name it.',
    PERMISSION:
      'The API application’s agent may not read customers or users, or the scope is not allowed: give its agent permission to read customers and users, and check HALO_SCOPE (all by default).',
    RATE_LIMITED:
      'Halo allows 300 requests per rolling 5 minutes on hosted instances: run the doctor again in a few minutes.',
    UPSTREAM: 'Halo failed on its side: try again later; if it stays, contact Halo support.',
    UNEXPECTED_RESPONSE:
      'Halo answered something psa-bridge cannot read, or named an authorization server on another site (set HALO_AUTH_URL to trust it): check HALO_URL.',
  },
  connectwise: {
    UNREACHABLE:
      'Check CW_SITE against the address of the ConnectWise sign-in page (a host like eu.myconnectwise.net, no https:// or path), and that this machine can reach it.',
    AUTHENTICATION:
      'Check CW_COMPANY_ID (the company id typed at sign-in), that CW_PUBLIC_KEY and CW_PRIVATE_KEY are one key pair of an active API member of that company, and CW_CLIENT_ID (the integration’s GUID from ConnectWise’s developer site).',
    PERMISSION:
      'The keys work, but the API member’s security role may not read companies or contacts: give it inquire rights on Company Maintenance and Contacts (Companies module).',
    RATE_LIMITED: 'ConnectWise asked to slow down: run the doctor again in a minute.',
    UPSTREAM:
      'ConnectWise failed on its side (often an upgrade in progress): try again later; if it stays, contact ConnectWise support with the time of the test.',
    UNEXPECTED_RESPONSE:
      'ConnectWise answered something psa-bridge cannot read (a proxy page, or a changed API): check CW_SITE, then try again later.',
  },
  datto: {
    UNREACHABLE:
      'Autotask’s zone lookup or the zone did not answer: check that this machine can reach webservices.autotask.net (or AUTOTASK_DISCOVERY_URL, when set).',
    AUTHENTICATION:
      'Check AUTOTASK_USERNAME (the API user’s email, of an API-only user), AUTOTASK_SECRET, and AUTOTASK_INTEGRATION_CODE (the tracking identifier chosen for the API user), and that the user is active.',
    PERMISSION:
      'The API user may not read companies or contacts: give its security level read access to CRM companies and contacts.',
    RATE_LIMITED:
      'Autotask’s hourly request budget or its thread limit is used up: run the doctor again later.',
    UPSTREAM: 'Autotask failed on its side: try again later; if it stays, contact Datto support.',
    UNEXPECTED_RESPONSE:
      'Autotask answered something psa-bridge cannot read (a proxy page, or a changed API): try again later.',
  },
};

/** What to do when a PSA's connection test fails for `reason`. */
export function psaAdvice(psa: PsaId, reason: Reason): string {
  return `${PSA_ADVICE[psa][reason]} More in ${guideOf(psa)}.`;
}

/** What to do when a GoTo call fails with a psa-bridge error code. */
export function gotoAdvice(code: string): string {
  const advice: Readonly<Record<string, string>> = {
    AUTHENTICATION:
      'GoTo refused the OAuth client or the refresh token: check GOTO_CLIENT_ID and GOTO_CLIENT_SECRET, and get a new refresh token through the consent step (the admin may have revoked it, or it was used after GoTo rotated it).',
    PERMISSION:
      'The GoTo admin who consented may not use the Admin API for these accounts, or the OAuth client lacks the scopes: consent again with a partner admin.',
    NETWORK:
      'GoTo did not answer: check that this machine can reach api.getgo.com and authentication.logmeininc.com.',
    TIMEOUT: 'GoTo did not answer in time: try again; check proxies between this machine and GoTo.',
    RATE_LIMITED: 'GoTo asked to slow down: try again in a minute.',
    UPSTREAM: 'GoTo failed on its side: try again later.',
    RESPONSE_SHAPE: 'GoTo answered something psa-bridge cannot read: try again later.',
  };
  return `${advice[code] ?? 'Try again; if it stays, open an issue with the message above.'} More in ${guideOf('goto')}.`;
}
