/**
 * What GoTo accepts for a new user. Core checks these before anything is sent, so a dry run
 * shows the truth (SPEC I1, I6): the adapter and the planner share one copy.
 * @see https://support.goto.com/gotoassist-remote-support/help/how-do-i-add-new-users (the Admin Center caps
 *   first and last names at 32 characters each, emails at 128; the API's own limits are not published)
 */
export const GOTO_LIMITS = {
  /** Longest first or last name GoTo keeps, in characters. */
  nameLength: 32,
  /** Longest email GoTo accepts, in characters. */
  emailLength: 128,
} as const;
