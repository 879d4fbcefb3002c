/** The pg-boss queue of each kind of job. */
export const QUEUES = {
  import: 'psa-bridge-import',
  'auto-map': 'psa-bridge-auto-map',
  refresh: 'psa-bridge-refresh',
  /** pg-boss's own schedule sends one job here a minute; it enqueues the refreshes that are due. */
  'refresh-tick': 'psa-bridge-refresh-tick',
} as const;
