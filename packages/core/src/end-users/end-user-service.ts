import { requireAccount } from '../accounts/require-account.js';
import type { CallOptions } from '../contracts/call-options.js';
import type { GotoUser } from '../contracts/goto-types.js';
import type { EndUserChannel, WeakEndUser, WeakEndUserStore } from '../contracts/stores.js';
import { type DisplayNameRule, displayNameFromEmail } from '../email/display-name-from-email.js';
import { emailKey } from '../email/email-key.js';
import { parseEmailAddress } from '../email/parse-email-address.js';
import { isPsaBridgeError } from '../errors/guards.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { callSettings } from '../http/call-settings.js';
import { type ImportPlan, type PlanDeps, type PlanRequest, planImport } from '../import/plan-import.js';
import { type ImportReport, type RunDeps, type RunOptions, runImport } from '../import/run-import.js';

/** Who an inbound address belongs to (SPEC E6). */
export type InboundResolution =
  | {
      /** A strong end user: a GoTo account exists for the address. */
      readonly kind: 'strong';
      /** The GoTo user. */
      readonly user: GotoUser;
    }
  | {
      /** A weak end user: known to the helpdesk only. */
      readonly kind: 'weak';
      /** The weak end user. */
      readonly endUser: WeakEndUser;
      /** True when this call created it (first contact from the address). */
      readonly created: boolean;
    };

/** An inbound message's sender. */
export interface InboundRequest extends CallOptions {
  /** The GoTo account (Resolve organisation) the helpdesk belongs to. */
  readonly accountKey: string;
  /** The sender's address. */
  readonly email: string;
  /** How it came in (SPEC E2). */
  readonly channel: EndUserChannel;
}

/** Helpdesk end users (SPEC E1-E6). */
export interface EndUserService {
  /**
   * Strong end users from PSA contacts (SPEC E4, E5): license-less members created with the
   * welcome email on, exactly once, with the same plan and report as an import.
   */
  provisionFromPsa(
    request: Omit<PlanRequest, 'licenseKeys' | 'sendWelcomeEmail'>,
    options?: RunOptions,
  ): Promise<ImportReport>;
  /** The plan {@link EndUserService.provisionFromPsa} runs, for review first. */
  planProvisioning(request: Omit<PlanRequest, 'licenseKeys' | 'sendWelcomeEmail'>): Promise<ImportPlan>;
  /**
   * Resolves an inbound address (SPEC E2, E6): a strong account when GoTo has the address;
   * otherwise the weak end user, created on first contact and named by SPEC E3. The same
   * address always gives the same end user. Rejects with `VALIDATION` for an invalid address.
   */
  resolveInbound(request: InboundRequest): Promise<InboundResolution>;
  /**
   * Turns a weak end user into a strong one (SPEC E4): a license-less member with the welcome
   * email, with the name corrected when given; the weak record is removed.
   */
  promote(
    endUser: WeakEndUser,
    accountKey: string,
    options?: CallOptions & { readonly firstName?: string; readonly lastName?: string },
  ): Promise<GotoUser>;
}

/** What the end-user service needs. */
export interface EndUserServiceDeps extends PlanDeps, Omit<RunDeps, 'connections'> {
  /** Where weak end users live. */
  readonly weakEndUsers: WeakEndUserStore;
  /** The naming rule for weak end users and nameless contacts. @default SPEC E3 */
  readonly nameRule?: DisplayNameRule | undefined;
}

/** Creates the {@link EndUserService}. */
export function createEndUserService(deps: EndUserServiceDeps): EndUserService {
  const planProvisioning = (request: Omit<PlanRequest, 'licenseKeys' | 'sendWelcomeEmail'>) =>
    planImport(deps, request, 'end-users');
  return {
    planProvisioning,
    async provisionFromPsa(request, options) {
      return runImport(deps, await planProvisioning(request), options);
    },
    async resolveInbound(request) {
      const address = parseEmailAddress(request.email);
      // Every inbound mail passes here: the account is checked only when GoTo refuses the lookup,
      // so an unknown account is NOT_FOUND naming it, never a raw 403, at no extra request.
      const found = await deps.goto
        .findUsersByEmail(request.accountKey, [address.normalized], request)
        .catch(async (error: unknown) => {
          if (isPsaBridgeError(error, 'PERMISSION') || isPsaBridgeError(error, 'NOT_FOUND')) {
            await requireAccount(deps.goto, request.accountKey, request);
          }
          throw error;
        });
      const strong = found.get(emailKey(address.normalized) ?? address.normalized);
      if (strong) return { kind: 'strong', user: strong };
      const known = await deps.weakEndUsers.get(address.normalized, request);
      if (known) return { kind: 'weak', endUser: known, created: false };
      const name = displayNameFromEmail(address.normalized, deps.nameRule ? { rule: deps.nameRule } : {});
      const endUser: WeakEndUser = {
        email: address.normalized,
        ...name,
        channel: request.channel,
        nameSource: 'email',
        createdAt: new Date(deps.clock.now()).toISOString(),
      };
      await deps.weakEndUsers.put(endUser, request);
      return { kind: 'weak', endUser, created: true };
    },
    async promote(endUser, accountKey, options = {}) {
      const firstName = options.firstName?.trim() || endUser.firstName;
      const lastName = options.lastName?.trim() || endUser.lastName;
      const [outcome] = await deps.goto.createUsers(
        accountKey,
        [{ email: endUser.email, firstName, lastName }],
        {
          licenseKeys: [],
          sendWelcomeEmail: true,
          ...callSettings(options),
        },
      );
      if (!outcome || outcome.status === 'failed') {
        throw new PsaBridgeError(
          outcome?.code === 'CONFLICT' ? 'CONFLICT' : 'VALIDATION',
          `GoTo refused to create ${endUser.email}: ${outcome?.reason ?? 'no answer'}`,
        );
      }
      await deps.weakEndUsers.delete(endUser.email, options);
      return outcome.user;
    },
  };
}
