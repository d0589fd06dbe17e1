import { createPacer, type Pace } from '../../src/delivery/pacer';

/**
 * A pacer on a clock the test moves: a sleep advances it by what was asked. `pace`: Slack's
 * (the default pace otherwise).
 */
export function virtualPacer(pace?: Pace, startMs = 0) {
  const clock = { now: startMs };
  const pacer = createPacer({
    ...(pace ? { pace: { slack: pace } } : {}),
    nowMs: () => clock.now,
    sleep: async (ms) => {
      clock.now += ms;
    },
  });
  return { pacer, clock };
}
