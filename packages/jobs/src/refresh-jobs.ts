import { PsaBridgeError } from '@psa-bridge/core';
import { checkTenantArgument, requireObject } from './check-input.js';
import type { RefreshJobData, RefreshJobOptions } from './job-types.js';
import { QUEUES } from './queues.js';
import type { RefreshSchedule, RefreshScheduleRequest, RefreshSchedules } from './refresh-schedules.js';

/** The read-model refresh part of the job queue (SPEC R1). */
export interface RefreshJobs {
  /**
   * Queues `bridge.refresh` of a connection of `tenant`; resolves the job id. One refresh per
   * connection at a time across every worker: while one is queued or running, enqueueing
   * another (any options) resolves its id.
   */
  enqueueRefresh(request: {
    tenant: string;
    connectionId: string;
    options?: RefreshJobOptions;
  }): Promise<string>;
  /**
   * Refreshes a connection every `everyMinutes` (and reconciles its company ids every
   * `reconcileEveryMinutes`, when given), on whichever worker is free: pg-boss's own schedule
   * sends one tick a minute, and the tick enqueues what is due. Replaces the connection's
   * schedule; the first refresh is due at once.
   */
  scheduleRefresh(request: RefreshScheduleRequest): Promise<RefreshSchedule>;
  /** Stops a connection's schedule; `false` when it had none. */
  unscheduleRefresh(request: { tenant: string; connectionId: string }): Promise<boolean>;
  /** The schedules of `tenant`. */
  listRefreshSchedules(tenant: string): Promise<readonly RefreshSchedule[]>;
  /** What a tick does: enqueues every refresh that is due now, resolving their job ids. */
  runDueRefreshes(): Promise<readonly string[]>;
}

/** Builds {@link RefreshJobs} over the queue's `send` (one job id per what it does). */
export function createRefreshJobs(
  send: (queue: string, identity: readonly string[], data: RefreshJobData) => Promise<string>,
  schedules: RefreshSchedules,
): RefreshJobs {
  const enqueueRefresh: RefreshJobs['enqueueRefresh'] = async (request) => {
    const {
      tenant,
      connectionId,
      options = {},
    } = requireObject(request, 'enqueueRefresh()', '{ tenant, connectionId }');
    checkTenantArgument(tenant, 'enqueueRefresh()');
    if (typeof connectionId !== 'string' || connectionId.trim() === '') {
      throw new PsaBridgeError('VALIDATION', 'enqueueRefresh(): connectionId must be a connection id', {
        details: { field: 'connectionId' },
      });
    }
    const checked = requireObject(options, 'enqueueRefresh()', 'options as an object') as RefreshJobOptions;
    // The identity leaves the options out: one refresh of a connection at a time, whatever its mode.
    return send(QUEUES.refresh, ['refresh', tenant, connectionId], {
      kind: 'refresh',
      tenant,
      connectionId,
      options: checked,
    });
  };
  return {
    enqueueRefresh,
    scheduleRefresh: (request) => schedules.schedule(request),
    unscheduleRefresh: async (request) => {
      const { tenant, connectionId } = requireObject(
        request,
        'unscheduleRefresh()',
        '{ tenant, connectionId }',
      );
      return schedules.unschedule(tenant, connectionId);
    },
    listRefreshSchedules: (tenant) => schedules.list(tenant),
    async runDueRefreshes() {
      const ids: string[] = [];
      for (const due of await schedules.claimDue()) ids.push(await enqueueRefresh(due));
      return ids;
    },
  };
}
