#!/usr/bin/env node
import { endQuietlyOnClosedPipe } from './closed-pipe.js';
import { runCli } from './run-cli.js';

endQuietlyOnClosedPipe(process.stdout, process.stderr);
process.exitCode = await runCli(process.argv.slice(2));
