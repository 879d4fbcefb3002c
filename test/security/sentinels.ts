/**
 * One unique sentinel per secret psa-bridge holds. Each carries characters that change under
 * URL, form, JSON and base64 encoding (`~!()*'+/=` and a space where a header allows it), so a
 * leak in any spelling is found.
 */
export const SENTINELS = {
  cwPublicKey: 'CwPubSNTL~!()*x7',
  cwPrivateKey: "CwPrivSNTL ~!()*'+/=q9",
  atSecret: "AtSecSNTL~!()*'+/=k3",
  gotoClientSecret: "GtSecSNTL~!()*'+/= z1",
  gotoRefreshToken: "GtRefSNTL!~()*'.+/=w8",
  gotoAccessToken: 'GtAccSNTL-4f9a.b_c~d',
  haloClientSecret: "HaSecSNTL~!()*'+/=m5",
  haloAccessToken: 'HaAccSNTL-7c1d.e_f~g',
  storeKey: 'U1RPUkVLRVlTTlRMLTMyLWJ5dGVzLWxvbmctLWtleXM=',
} as const;

/** ConnectWise credentials holding the sentinels (the client id is not a secret, but it travels with them). */
export const cwCredentials = {
  site: 'na.myconnectwise.net',
  companyId: 'mymsp',
  publicKey: SENTINELS.cwPublicKey,
  privateKey: SENTINELS.cwPrivateKey,
  clientId: '2f6a3d1e-7b1c-4a8e-9f00-3c2d1b0a9e8f',
};

/** Autotask credentials holding the sentinel. */
export const atCredentials = {
  userName: 'api-user@msp.example',
  secret: SENTINELS.atSecret,
  integrationCode: 'SNTLINTEGRATION0001',
};

/** GoTo client credentials holding the sentinels. */
export const gotoAuth = {
  clientId: 'goto-client-id',
  clientSecret: SENTINELS.gotoClientSecret,
  refreshToken: SENTINELS.gotoRefreshToken,
};

/** HaloPSA credentials holding the sentinel (a hosted instance; the client id is not a secret). */
export const haloCredentials = {
  url: 'https://msp.halopsa.com',
  clientId: 'halo-client-id',
  clientSecret: SENTINELS.haloClientSecret,
};
