import { PsaBridgeError, type PsaBridgeErrorOptions } from './psa-bridge-error.js';

/** One problem found in a vendor payload: where, and what was expected. Never the value itself. */
export interface ShapeIssue {
  /** Path into the payload, like `items[3].companyName` (`(root)` for the payload itself). */
  readonly path: string;
  /** What was wrong, like `expected string, received number`. */
  readonly message: string;
}

/** A vendor answered with a payload psa-bridge cannot read. Code `RESPONSE_SHAPE`. */
export class ResponseShapeError extends PsaBridgeError {
  /** Every problem found, first one also named in the message. */
  readonly issues: readonly ShapeIssue[];

  constructor(what: string, issues: readonly ShapeIssue[], options: PsaBridgeErrorOptions = {}) {
    const first = issues[0];
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    const where = first ? `: ${first.path}: ${first.message}${more}` : '';
    super('RESPONSE_SHAPE', `Unexpected response from ${what}${where}`, {
      ...options,
      details: { ...options.details, fields: issues.map((issue) => issue.path) },
    });
    this.name = 'ResponseShapeError';
    this.issues = issues;
  }
}
