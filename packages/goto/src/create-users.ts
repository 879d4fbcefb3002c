import { type CallOptions, type GotoUser, isHttpError, type PsaBridgeError } from '@psa-bridge/core';
import {
  type CreateUserOutcome,
  type CreateUsersOptions,
  callSettings,
  clipText,
  GOTO_LIMITS,
  type HttpClient,
  type NewGotoUser,
  parseEmailAddress,
} from '@psa-bridge/core/adapter';
import { emailKey } from '@psa-bridge/core/email';
import { isSeatCode } from './interpret-error.js';
import { createdUsersWire } from './wire/schemas.js';

/** GoTo keeps at most this many characters of a first or last name (the Admin Center's limit). */
export const GOTO_NAME_LIMIT = GOTO_LIMITS.nameLength;
/** GoTo accepts emails of at most this many characters. */
export const GOTO_EMAIL_LIMIT = GOTO_LIMITS.emailLength;

/** A user ready to send, with the index of the input it came from. */
interface Pending {
  readonly index: number;
  readonly email: string;
  /** `emailKey(email)`: how answers and lookups are matched to it. */
  readonly key: string;
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
  /**
   * GoTo's `allOrNothing` query parameter: `false` asks GoTo to create the users it can and list
   * conflicting emails without a key; `true` (GoTo's default) refuses a whole batch with a 409.
   */
  readonly allOrNothing: boolean;
  /** Looks users up by email; the map is keyed by `emailKey`. */
  readonly findByEmail: (
    emails: readonly string[],
    call: CallOptions,
  ) => Promise<ReadonlyMap<string, GotoUser>>;
}

type Outcomes = Array<CreateUserOutcome | undefined>;

/**
 * Creates users exactly once (SPEC I4, I6), whichever way GoTo answers for a user that exists:
 *
 * - a 2xx listing every user asked for, existing ones included (GoTo's guide): a 2xx does not
 *   say who is new, so the users are looked up first unless the caller just did;
 * - with `allOrNothing=false` (sent unless the app asks otherwise; GoTo's reference): a 2xx in
 *   which a conflicting email has no `key`: such users are looked up by email, and reported
 *   `existing` when this account holds them, `failed` (`CONFLICT`) when it does not;
 * - a conflict (409, `user.name.conflict`; GoTo's default `allOrNothing=true`, and public client
 *   code): the batch is split in halves until the user stands alone, then looked up by email and
 *   reported `existing`; a user GoTo refuses that this account does not hold is `failed`.
 *
 * Invalid input fails per user before anything is sent; names longer than GoTo keeps are clipped
 * between characters, with a warning. A batch refused for lack of seats is split the same way,
 * so the users that fit are created and the rest fail as retryable. Every email is matched by
 * `emailKey`, so letter case and quoting never make one user look like two.
 */
export async function createUsersOnce(
  context: CreateContext,
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
    } else if (seen.has(prepared.key)) {
      outcomes[index] = {
        status: 'failed',
        email: user.email,
        code: 'VALIDATION',
        reason: 'the same email appears twice in this batch',
      };
    } else {
      seen.add(prepared.key);
      pending.push(prepared);
    }
  });

  const existing = options.existingChecked
    ? new Map<string, GotoUser>()
    : await context.findByEmail(
        pending.map((user) => user.email),
        callSettings(options),
      );
  const toCreate = pending.filter((user) => {
    const found = existing.get(user.key);
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
        retryable: true,
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
  const key = emailKey(email);
  if (key === undefined) return { reason: 'the email is not a valid address' };
  if (email.length > GOTO_EMAIL_LIMIT)
    return { reason: `the email is longer than ${GOTO_EMAIL_LIMIT} characters` };
  const warnings: string[] = [];
  const name = (field: 'firstName' | 'lastName'): string => {
    const value = user[field].trim();
    const clipped = clipText(value, GOTO_NAME_LIMIT);
    if (clipped !== value) warnings.push(`${field} clipped to ${GOTO_NAME_LIMIT} characters`);
    return clipped;
  };
  const firstName = name('firstName');
  const lastName = name('lastName');
  if (firstName === '' || lastName === '') return { reason: 'GoTo needs a first and a last name' };
  return { index, email, key, firstName, lastName, warnings };
}

async function createBatch(
  context: CreateContext,
  batch: readonly Pending[],
  options: CreateUsersOptions & CallOptions,
  outcomes: Outcomes,
  users: readonly NewGotoUser[],
): Promise<void> {
  if (batch.length === 0) return;
  let answer: { key: string | undefined; email: string }[];
  try {
    const response = await context.http.request({
      method: 'POST',
      path: `${context.accountPath}/users`,
      ...(context.allOrNothing ? {} : { query: { allOrNothing: 'false' } }),
      json: {
        users: batch.map(({ email, firstName, lastName }) => ({ email, firstName, lastName })),
        licenseKeys: options.licenseKeys,
        suppressEmail: !options.sendWelcomeEmail,
      },
      schema: createdUsersWire,
      beforeSend: options.beforeSend,
      // Safe to repeat: GoTo keeps one user per email, whichever way it answers a repeat.
      idempotent: true,
      ...callSettings(options),
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
    outcomes[user.index] = await refused(
      context,
      user,
      error,
      users[user.index]?.email ?? user.email,
      callSettings(options),
    );
    return;
  }
  const keys = new Map(answer.map((entry) => [emailKey(entry.email) ?? entry.email, entry.key ?? '']));
  // Listed without a key: GoTo holds the email already (here, or in another account).
  const conflicting = batch.filter((user) => keys.get(user.key) === '');
  if (conflicting.length > 0) {
    const found = await context.findByEmail(
      conflicting.map((user) => user.email),
      callSettings(options),
    );
    for (const user of conflicting) {
      const email = users[user.index]?.email ?? user.email;
      const held = found.get(user.key);
      // The lookup before sending (this call's or the caller's) found nobody, so a user this
      // account holds now was created by an attempt of this call whose answer was lost: created,
      // as a `listed` answer would say.
      outcomes[user.index] = held
        ? { status: 'created', email, user: held, warnings: user.warnings }
        : {
            status: 'failed',
            email,
            code: 'CONFLICT',
            reason: 'GoTo already holds this email outside this account',
            retryable: false,
          };
    }
  }
  for (const user of batch) {
    const key = keys.get(user.key);
    if (key === undefined || key === '') continue;
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

/**
 * What a refusal of one user means: a conflict for a user this account holds is that user
 * (`existing`); no free seat may pass (retryable); anything else is final.
 */
async function refused(
  context: CreateContext,
  user: Pending,
  error: PsaBridgeError,
  email: string,
  call: CallOptions,
): Promise<CreateUserOutcome> {
  const vendorCode = isHttpError(error) ? error.vendorCode : undefined;
  const seats = isSeatCode(vendorCode);
  if (error.code === 'CONFLICT' && !seats) {
    const found = (await context.findByEmail([user.email], call)).get(user.key);
    if (found) return { status: 'existing', email, user: found, warnings: [] };
  }
  return {
    status: 'failed',
    email,
    code: error.code,
    reason: seats
      ? 'no free seat for a license of this import'
      : isHttpError(error) && error.vendorMessage
        ? error.vendorMessage
        : error.message,
    retryable: seats,
    ...(vendorCode ? { vendorCode } : {}),
  };
}

/** A refusal of the users themselves (bad data, conflict, no seat), not of the caller or the service. */
function refusesUsers(error: unknown): error is PsaBridgeError {
  // Only GoTo's own answer refuses users. A CONFLICT raised before sending (the caller's
  // `beforeSend`: the import's lease was lost) is no answer about any user: it goes up whole, so
  // no user is reported failed for a request that was never sent (SPEC I6, I10).
  return (
    isHttpError(error) &&
    (error.code === 'VALIDATION' || error.code === 'CONFLICT' || error.code === 'NOT_FOUND')
  );
}
