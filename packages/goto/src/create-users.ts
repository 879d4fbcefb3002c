import {
  type CallOptions,
  type CreateUserOutcome,
  type CreateUsersOptions,
  type GotoUser,
  type HttpClient,
  isHttpError,
  isPsaBridgeError,
  type NewGotoUser,
  type PsaBridgeError,
  parseEmailAddress,
} from '@psa-bridge/core';
import { createdUsersWire } from './wire/schemas.js';

/** GoTo keeps at most this many characters of a first or last name (the Admin Center's limit). */
export const GOTO_NAME_LIMIT = 32;
/** GoTo accepts emails of at most this many characters. */
export const GOTO_EMAIL_LIMIT = 128;

/** A user ready to send, with the index of the input it came from. */
interface Pending {
  readonly index: number;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly warnings: readonly string[];
}

/** Where and how to create. */
export interface CreateContext {
  /** The transport. */
  readonly http: HttpClient;
  /** `…/accounts/{key}`. */
  readonly accountPath: string;
  /** Users per request. */
  readonly batchSize: number;
}

type Outcomes = Array<CreateUserOutcome | undefined>;

/**
 * Creates users exactly once (SPEC I4, I6). GoTo's answer lists every user asked for, existing
 * ones included, so a 2xx does not say who is new: the users are looked up first. Invalid input
 * fails per user before anything is sent; names longer than GoTo keeps are clipped with a
 * warning. A batch GoTo refuses (400/409) is split in halves until the users it refuses stand
 * alone, so one bad user never fails the others. Retrying a create is harmless (GoTo answers
 * with the existing user), so a lost answer is retried and reported as created.
 */
export async function createUsersOnce(
  context: CreateContext,
  findByEmail: (
    emails: readonly string[],
    signal: AbortSignal | undefined,
  ) => Promise<ReadonlyMap<string, GotoUser>>,
  users: readonly NewGotoUser[],
  options: CreateUsersOptions & CallOptions,
): Promise<readonly CreateUserOutcome[]> {
  const outcomes: Outcomes = users.map(() => undefined);
  const pending: Pending[] = [];
  const seen = new Set<string>();
  users.forEach((user, index) => {
    const prepared = prepare(user, index);
    if ('reason' in prepared) {
      outcomes[index] = { status: 'failed', email: user.email, code: 'VALIDATION', reason: prepared.reason };
    } else if (seen.has(prepared.email)) {
      outcomes[index] = {
        status: 'failed',
        email: user.email,
        code: 'VALIDATION',
        reason: 'the same email appears twice in this batch',
      };
    } else {
      seen.add(prepared.email);
      pending.push(prepared);
    }
  });

  const existing = options.existingChecked
    ? new Map<string, GotoUser>()
    : await findByEmail(
        pending.map((user) => user.email),
        options.signal,
      );
  const toCreate = pending.filter((user) => {
    const found = existing.get(user.email);
    if (found)
      outcomes[user.index] = {
        status: 'existing',
        email: users[user.index]?.email ?? user.email,
        user: found,
        warnings: [],
      };
    return !found;
  });

  for (let i = 0; i < toCreate.length; i += context.batchSize) {
    await createBatch(context, toCreate.slice(i, i + context.batchSize), options, outcomes, users);
  }
  return outcomes.map(
    (outcome, index) =>
      outcome ?? {
        status: 'failed',
        email: users[index]?.email ?? '',
        code: 'UPSTREAM',
        reason: 'GoTo did not confirm this user',
      },
  );
}

function prepare(user: NewGotoUser, index: number): Pending | { reason: string } {
  let email: string;
  try {
    email = parseEmailAddress(user.email).normalized;
  } catch (error) {
    return { reason: (error as Error).message };
  }
  if (email.length > GOTO_EMAIL_LIMIT)
    return { reason: `the email is longer than ${GOTO_EMAIL_LIMIT} characters` };
  const warnings: string[] = [];
  const name = (field: 'firstName' | 'lastName'): string => {
    const value = user[field].trim();
    if (value.length <= GOTO_NAME_LIMIT) return value;
    warnings.push(`${field} clipped to ${GOTO_NAME_LIMIT} characters`);
    return value.slice(0, GOTO_NAME_LIMIT).trimEnd();
  };
  const firstName = name('firstName');
  const lastName = name('lastName');
  if (firstName === '' || lastName === '') return { reason: 'GoTo needs a first and a last name' };
  return { index, email, firstName, lastName, warnings };
}

async function createBatch(
  context: CreateContext,
  batch: readonly Pending[],
  options: CreateUsersOptions & CallOptions,
  outcomes: Outcomes,
  users: readonly NewGotoUser[],
): Promise<void> {
  if (batch.length === 0) return;
  let answer: { key: string; email: string }[];
  try {
    const response = await context.http.request({
      method: 'POST',
      path: `${context.accountPath}/users`,
      json: {
        users: batch.map(({ email, firstName, lastName }) => ({ email, firstName, lastName })),
        licenseKeys: options.licenseKeys,
        suppressEmail: !options.sendWelcomeEmail,
      },
      schema: createdUsersWire,
      idempotent: true,
      signal: options.signal,
    });
    answer = response.data;
  } catch (error) {
    if (!refusesUsers(error)) throw error;
    if (batch.length > 1) {
      const half = Math.ceil(batch.length / 2);
      await createBatch(context, batch.slice(0, half), options, outcomes, users);
      await createBatch(context, batch.slice(half), options, outcomes, users);
      return;
    }
    const [user] = batch as [Pending];
    outcomes[user.index] = {
      status: 'failed',
      email: users[user.index]?.email ?? user.email,
      code: error.code,
      reason: isHttpError(error) && error.vendorMessage ? error.vendorMessage : error.message,
    };
    return;
  }
  const keys = new Map(answer.map((entry) => [entry.email.toLowerCase(), entry.key]));
  for (const user of batch) {
    const key = keys.get(user.email);
    if (key === undefined) continue;
    outcomes[user.index] = {
      status: 'created',
      email: users[user.index]?.email ?? user.email,
      user: {
        key,
        email: user.email,
        firstName: user.firstName,
        lastName: user.lastName,
        licenseKeys: [...options.licenseKeys],
        role: 'member',
      },
      warnings: user.warnings,
    };
  }
}

/** A refusal of the users themselves (bad data, conflict, no seat), not of the caller or the service. */
function refusesUsers(error: unknown): error is PsaBridgeError {
  return (
    isPsaBridgeError(error) &&
    (error.code === 'VALIDATION' || error.code === 'CONFLICT' || error.code === 'NOT_FOUND')
  );
}
