import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { CliError } from '../cli-error.js';

/**
 * The variables the CLI reads its credentials from: the process environment, with the lines of
 * `--vars-file` (`KEY=value`, as dotenv writes them) on top. Values are never printed; errors name
 * the file and the variable, not what they hold.
 */
export function readEnvironment(
  environment: NodeJS.ProcessEnv,
  varsFile: string | undefined,
): Readonly<Record<string, string | undefined>> {
  if (!varsFile) return environment;
  let text: string;
  try {
    text = readFileSync(varsFile, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new CliError('CONFIGURATION', `Cannot read --vars-file ${varsFile} (${code})`);
  }
  return { ...environment, ...parseEnv(text) };
}
