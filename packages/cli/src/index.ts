/**
 * `@psa-bridge/cli`: the `psa-bridge` command (doctor, accounts, automap, search, map, plan,
 * import, verify, demo-world), and {@link runCli} to run it from code or tests.
 *
 * @packageDocumentation
 */
export { CliError, type CliErrorKind } from './cli-error.js';
export type { DoctorStep } from './doctor/doctor-step.js';
export { EXIT, type ExitCode } from './exit-codes.js';
export { type CliIo, runCli } from './run-cli.js';
