import type { DemoWorld } from '@psa-bridge/demo';

/** The variables that point the CLI at a running demo world (its loopback addresses and demo credentials). */
export function demoVariables(world: DemoWorld): Record<string, string> {
  const cw = world.connectwise.credentials;
  const at = world.autotask.credentials;
  return {
    CW_SITE: cw.site,
    CW_COMPANY_ID: cw.companyId,
    CW_PUBLIC_KEY: cw.publicKey,
    CW_PRIVATE_KEY: cw.privateKey,
    CW_CLIENT_ID: cw.clientId,
    AUTOTASK_USERNAME: at.userName,
    AUTOTASK_SECRET: at.secret,
    AUTOTASK_INTEGRATION_CODE: at.integrationCode,
    AUTOTASK_DISCOVERY_URL: world.autotask.clientOptions.discoveryUrl,
    HALO_URL: world.halo.credentials.url,
    HALO_CLIENT_ID: world.halo.credentials.clientId,
    HALO_CLIENT_SECRET: world.halo.credentials.clientSecret,
    GOTO_CLIENT_ID: world.goto.auth.clientId,
    GOTO_CLIENT_SECRET: world.goto.auth.clientSecret,
    GOTO_REFRESH_TOKEN: world.goto.auth.refreshToken,
    GOTO_API_BASE_URL: world.goto.apiBaseUrl,
    GOTO_AUTH_BASE_URL: world.goto.authBaseUrl,
  };
}
