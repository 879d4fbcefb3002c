// The app entry is runtime-neutral: @psa-bridge/core with memory stores and the three adapters
// bundle with esbuild for a platform without Node's modules (an edge runtime, a worker), and the
// bundle runs in a bare JavaScript context that has only web globals (no process, Buffer or
// require): a connection test goes through the adapters' HTTP stack, and a plan key is derived
// with the pure-JS hash, equal to Node's. Run after `npm run build`.
import { createHmac, webcrypto } from 'node:crypto';
import vm from 'node:vm';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const entry = `
  import { createBridge, createMemoryStores, derivePlanKey } from '@psa-bridge/core';
  import { connectwise } from '@psa-bridge/connectwise';
  import { datto } from '@psa-bridge/datto';
  import { goto } from '@psa-bridge/goto';
  export async function run(fetch) {
    const bridge = createBridge({
      providers: [connectwise({ retry: { retries: 0 } }), datto({ retry: { retries: 0 } })],
      goto: goto({ auth: { clientId: 'c', clientSecret: 's', refreshToken: 'r' }, fetch }),
      stores: createMemoryStores(),
      connectOptions: { fetch },
    });
    const result = await bridge.connections.testAndSave({
      providerId: 'connectwise',
      product: 'resolve',
      credentials: { site: 'na.myconnectwise.net', companyId: 'msp', publicKey: 'pub', privateKey: 'priv', clientId: '7b2f4c1e-3a9d-4e8b-b6f0-2c5d8a1e9f47' },
    });
    return { saved: result.saved, reason: result.saved ? undefined : result.failure.reason, message: result.saved ? undefined : result.failure.message, key: Array.from(derivePlanKey(new Uint8Array(32).fill(7), 'neutral')) };
  }
`;

const result = await build({
  stdin: { contents: entry, resolveDir: root, loader: 'js' },
  bundle: true,
  write: false,
  platform: 'neutral',
  format: 'iife',
  globalName: 'psaBridgeBundle',
  mainFields: ['module', 'main'],
  conditions: ['worker', 'browser', 'import', 'default'],
  target: 'es2022',
  logLevel: 'silent',
}).catch((error) => {
  console.error(`FAIL the app entry does not bundle for a neutral platform:\n${error.message}`);
  process.exit(1);
});
const code = result.outputFiles[0].text;
const nodeOnly = [
  ...new Set(
    code.match(/\brequire\(|\bBuffer\.|\bfrom\s*["']node:[a-z_/]+|\bimport\(\s*["']node:[a-z_/]+/g) ?? [],
  ),
];
if (nodeOnly.length > 0) {
  console.error(`FAIL the neutral bundle uses Node-only names: ${nodeOnly.join(', ')}`);
  process.exit(1);
}

// A context with web globals only.
const globals = {
  console,
  setTimeout,
  clearTimeout,
  queueMicrotask,
  structuredClone,
  atob,
  btoa,
  URL,
  URLSearchParams,
  TextEncoder,
  TextDecoder,
  AbortController,
  AbortSignal,
  DOMException,
  Event,
  EventTarget,
  Headers,
  Request,
  Response,
  crypto: webcrypto,
  performance,
};
const context = vm.createContext(globals);
vm.runInContext(`${code}\nglobalThis.psaBridgeBundle = psaBridgeBundle;`, context);
const answered = [];
const fakeFetch = async (input) => {
  const url = typeof input === 'string' ? input : input.url;
  answered.push(new URL(url).hostname);
  return new Response(JSON.stringify({ message: 'wrong keys' }), {
    status: 401,
    headers: { 'content-type': 'application/json' },
  });
};
const outcome = await context.psaBridgeBundle.run(fakeFetch);
const expectedKey = Array.from(
  createHmac('sha256', new Uint8Array(32).fill(7)).update('psa-bridge plan seal v1\0neutral').digest(),
);
const problems = [];
if (outcome.saved !== false || outcome.reason !== 'AUTHENTICATION') {
  problems.push(`the connection test answered ${JSON.stringify(outcome)} instead of AUTHENTICATION`);
}
if (!answered.includes('api-na.myconnectwise.net')) problems.push('no request reached the ConnectWise host');
if (JSON.stringify(outcome.key) !== JSON.stringify(expectedKey))
  problems.push("the pure-JS plan key differs from Node's");
if (problems.length > 0) {
  console.error(`FAIL ${problems.join('; ')}`);
  process.exit(1);
}
console.log(
  `ok   neutral bundle: ${(code.length / 1024).toFixed(0)} KiB, runs without process, Buffer or require (connection test ${outcome.reason}, plan key = Node's)`,
);
