/** The pg-boss queue of each kind of job. */
export const QUEUES = { import: 'psa-bridge-import', 'auto-map': 'psa-bridge-auto-map' } as const;
