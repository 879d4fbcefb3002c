/** One step of `psa-bridge doctor`. */
export interface DoctorStep {
  /** The vendor: `connectwise`, `datto` or `goto`. */
  readonly vendor: string;
  /** A short id of the step, like `credentials` or `read-contacts`. */
  readonly step: string;
  /** What the step checks, in words. */
  readonly title: string;
  /** `pass`, `fail`, or `skipped` (an earlier step failed). */
  readonly status: 'pass' | 'fail' | 'skipped';
  /** What was found (passing) or what went wrong (failing). */
  readonly detail?: string;
  /** The reason or error code of a failure. */
  readonly reason?: string;
  /** What to do about a failure. */
  readonly fix?: string;
}
