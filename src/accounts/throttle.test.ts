import { describe, expect, it } from 'vitest';
import { lockedUntil, THROTTLE } from './throttle.js';

const minute = 60_000;

describe('lockedUntil', () => {
  it('locks for 15 minutes from the failure that reaches the limit within 15 minutes', () => {
    const failures = [0, 1, 2, 3, 4].map((m) => m * minute);
    expect(lockedUntil(failures.slice(0, 4), 5, 5 * minute)).toBeUndefined();
    expect(lockedUntil(failures, 5, 5 * minute)).toBe(4 * minute + THROTTLE.lockMs);
    expect(lockedUntil(failures, 5, 4 * minute + THROTTLE.lockMs)).toBeUndefined();
  });

  it('does not count failures spread over more than the window', () => {
    const failures = [0, 4, 8, 12, 16].map((m) => m * minute);
    expect(lockedUntil(failures, 5, 17 * minute)).toBeUndefined();
  });
});
