import { writeFile } from 'node:fs/promises';
import { createDemoWorld } from '@psa-bridge/demo';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { Output } from '../output/output.js';
import { demoVariables } from '../setup/demo-variables.js';

/**
 * `psa-bridge demo-world`: serves the demo world's three simulators on loopback ports until
 * Ctrl-C, and writes their addresses and demo credentials as the variables the other commands
 * read (`--vars-file`). Every command run against it sees the same simulators, so state (GoTo
 * users an import created) lasts across commands, as with a real tenant.
 */
export async function demoWorld(
  output: Output,
  { varsFile, latencyMs }: { readonly varsFile: string; readonly latencyMs: number },
): Promise<ExitCode> {
  const world = await createDemoWorld({ latencyMs });
  const cw = world.connectwise.credentials;
  const variables = demoVariables(world);
  const text = Object.entries(variables)
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join('\n');
  await writeFile(varsFile, `# The psa-bridge demo world (simulators, demo credentials only)\n${text}\n`, {
    mode: 0o600,
  });
  output.line(`The demo world is running: ConnectWise ${cw.site}, Autotask and GoTo on loopback ports.`);
  output.line(
    `Its variables are in ${varsFile}; in another terminal: psa-bridge --vars-file ${varsFile} --psa connectwise accounts`,
  );
  output.line('Ctrl-C stops it.');
  output.result({
    varsFile,
    connectwise: cw.site,
    autotask: world.autotask.url,
    goto: world.goto.apiBaseUrl,
  });
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await world.close();
  return EXIT.ok;
}
