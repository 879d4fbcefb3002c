/**
 * The environment variables the CLI reads, the same names as the repository's examples. Values are
 * handed to the SDK and never printed.
 */
export const VARIABLES = {
  goto: ['GOTO_CLIENT_ID', 'GOTO_CLIENT_SECRET', 'GOTO_REFRESH_TOKEN'],
  connectwise: ['CW_SITE', 'CW_COMPANY_ID', 'CW_PUBLIC_KEY', 'CW_PRIVATE_KEY', 'CW_CLIENT_ID'],
  datto: ['AUTOTASK_USERNAME', 'AUTOTASK_SECRET', 'AUTOTASK_INTEGRATION_CODE'],
  halo: ['HALO_URL', 'HALO_CLIENT_ID', 'HALO_CLIENT_SECRET'],
} as const;

/** A group of variables: `set` when all are there, `missing` names the absent ones of a partial group. */
export type VariableGroup<Name extends string> =
  | { readonly state: 'unset' }
  | { readonly state: 'partial'; readonly missing: readonly Name[]; readonly present: readonly Name[] }
  | { readonly state: 'set'; readonly values: Readonly<Record<Name, string>> };

/** Reads one group of variables, trimmed; a blank value counts as absent. */
export function readGroup<const Name extends string>(
  env: Readonly<Record<string, string | undefined>>,
  names: readonly Name[],
): VariableGroup<Name> {
  const present = names.filter((name) => env[name]?.trim());
  if (present.length === 0) return { state: 'unset' };
  const missing = names.filter((name) => !env[name]?.trim());
  if (missing.length > 0) return { state: 'partial', missing, present };
  return {
    state: 'set',
    values: Object.fromEntries(names.map((name) => [name, env[name]?.trim() ?? ''])) as Record<Name, string>,
  };
}

/** An optional variable, trimmed, or `undefined` when blank. */
export function optional(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
): string | undefined {
  return env[name]?.trim() || undefined;
}
