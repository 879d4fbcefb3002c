/** Report reasons are a closed set to branch on; the vendor's words and code have their own fields. */
import type { OutcomeEntry } from '@psa-bridge/core/adapter';
import { describe, expect, it } from 'vitest';
import { failureReason, reportRow } from '../src/import/import-report.js';

const base = {
  type: 'outcome',
  runId: 'r',
  contactId: 'c',
  email: 'a@b.example',
  at: '2026-01-01T00:00:00Z',
} as const;

describe('report reasons', () => {
  it('maps every failure to one closed reason', () => {
    expect(failureReason('VALIDATION', false)).toBe('invalid-user');
    expect(failureReason('CONFLICT', true)).toBe('no-seat');
    expect(failureReason('CONFLICT', false)).toBe('conflict');
    expect(failureReason('RATE_LIMITED', true)).toBe('rate-limited');
    expect(failureReason('UPSTREAM', true, 'GoTo did not confirm this user')).toBe('no-answer');
    expect(failureReason('UPSTREAM', true)).toBe('vendor-unavailable');
    expect(failureReason('TIMEOUT', true)).toBe('network');
    expect(failureReason('PERMISSION', false)).toBe('refused');
    expect(failureReason('SOMETHING', false)).toBe('unexpected');
  });

  it('reads journals written before reasons were closed: free text becomes the message or a warning', () => {
    const oldFailure: OutcomeEntry = {
      ...base,
      outcome: 'failed',
      code: 'CONFLICT',
      reason: 'user.name.conflict',
    };
    expect(reportRow('c', 'a@b.example', oldFailure, 0)).toMatchObject({
      reason: 'conflict',
      message: 'user.name.conflict',
      retryable: false,
    });
    const oldCreated: OutcomeEntry = {
      ...base,
      outcome: 'created',
      userKey: 'k',
      reason: 'firstName clipped to 32 characters',
    };
    expect(reportRow('c', 'a@b.example', oldCreated, 0)).toMatchObject({
      warnings: ['firstName clipped to 32 characters'],
    });
    expect(reportRow('c', 'a@b.example', oldCreated, 0)).not.toHaveProperty('reason');
    const skipped: OutcomeEntry = { ...base, outcome: 'skipped', reason: 'duplicate-email' };
    expect(reportRow('c', 'a@b.example', skipped, 0)).toMatchObject({ reason: 'duplicate-email' });
  });

  it('reads new entries: the closed reason, the message and the vendor code apart', () => {
    const entry: OutcomeEntry = {
      ...base,
      outcome: 'failed',
      code: 'CONFLICT',
      reason: 'no-seat',
      message: 'no free seat for a license of this import',
      vendorCode: 'license.seats.exceeded',
      retryable: true,
      run: 2,
    };
    expect(reportRow('c', 'a@b.example', entry, 1)).toEqual({
      contactId: 'c',
      email: 'a@b.example',
      outcome: 'failed',
      reason: 'no-seat',
      message: 'no free seat for a license of this import',
      code: 'CONFLICT',
      vendorCode: 'license.seats.exceeded',
      retryable: true,
    });
  });
});
