import { describe, expect, it } from 'vitest';
import { WorkspaceState } from '../../../src/chat/local/state.js';

describe('local workspace message times', () => {
  it('stamps each message with the time it was posted, not the server start', () => {
    let now = Date.UTC(2026, 11, 2, 9, 0, 0);
    const state = new WorkspaceState(() => now);
    const first = state.nextTs();
    now += 90 * 60_000; // an hour and a half later
    const later = state.nextTs();
    expect(Number(first.split('.')[0])).toBe(Date.UTC(2026, 11, 2, 9, 0, 0) / 1000);
    expect(Number(later.split('.')[0])).toBe(Date.UTC(2026, 11, 2, 10, 30, 0) / 1000);
  });

  it('keeps timestamps unique and increasing within one millisecond', () => {
    const state = new WorkspaceState(() => 1_764_666_000_000);
    const a = state.nextTs();
    const b = state.nextTs();
    expect(a).not.toBe(b);
    expect(Number(b)).toBeGreaterThan(Number(a));
    expect(b).toMatch(/^\d{10}\.\d{6}$/);
  });
});
