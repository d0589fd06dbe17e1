import { describe, expect, it } from 'vitest';
import { progressWordsIn, sizeAdviceIn } from '../../../src/cards/plan-words';
import { pointText } from '../../../src/cards/prep-words';
import { planProgress } from '../../../src/domain/plans';
import { healthStory, usageFigures } from '../../../src/domain/prep/brief';
import {
  type TalkingPoint,
  type TalkingPointFacts,
  talkingPoints,
} from '../../../src/domain/prep/talking-points';

/** The rules return keys and facts; the card layer words them (here in English). */
const text = (p: TalkingPoint) => pointText('en', p);

const usage = (active: number | null, logins: number | null, features: number | null) => ({
  days: 90,
  activeUsers: active,
  logins,
  featuresUsed: features,
  featuresTotal: 10,
});

/** A quiet account: nothing applies. Each test changes what it is about. */
function facts(over: Partial<TalkingPointFacts> = {}): TalkingPointFacts {
  return {
    today: '2026-11-23',
    band: 'green',
    story: healthStory(
      [
        { day: '2026-08-26', score: 80, band: 'green' },
        { day: '2026-11-23', score: 82, band: 'green' },
      ],
      null,
    ),
    drivers: [],
    usage: usageFigures(usage(40, 1000, 6), usage(40, 1000, 6)),
    renewal: { date: '2027-09-01', arr: 100_000 },
    tickets: { urgent: 0, high: 0, oldestOpenDays: null },
    surveys: [],
    plan: { milestones: 4, overdue: [] },
    expansion: [],
    ...over,
  };
}

describe('talking points', () => {
  it('says nothing when nothing in the data stands out (no invented filler)', () => {
    expect(talkingPoints(facts())).toEqual([]);
  });

  it('usage down 30%: ask what changed, quoting the figure', () => {
    const points = talkingPoints(
      facts({ usage: usageFigures(usage(28, 700, 6), usage(40, 1000, 6)) }),
    );
    expect(points).toHaveLength(1);
    expect(points[0]).toMatchObject({ rule: 'usage_down' });
    expect(text(points[0]!)).toBe(
      'Active users (daily average) down 30% on the previous quarter: ask about team changes, projects ending or a tool they moved to.',
    );
  });

  it('a detractor: the lowest answer, with its own words and who said it', () => {
    const points = talkingPoints(
      facts({
        surveys: [
          { kind: 'nps', score: 6, respondent: 'a@acme.com', comment: 'ok-ish', day: '2026-11-01' },
          {
            kind: 'nps',
            score: 3,
            respondent: 'cfo@acme.com',
            comment: 'Too   expensive for what we use',
            day: '2026-10-02',
          },
        ],
      }),
    );
    expect(text(points[0]!)).toBe(
      'Detractor NPS 3 from cfo@acme.com: “Too expensive for what we use” — acknowledge it and say what was done about it.',
    );
  });

  it('renewal in 60 days: confirm the decision; with a non-green band it says so and ranks first', () => {
    const calm = talkingPoints(facts({ renewal: { date: '2027-01-22', arr: 120_000 } }));
    expect(text(calm[0]!)).toBe(
      'Renewal in 60 days ($120,000 ARR): confirm the decision makers and the timeline.',
    );
    const risky = talkingPoints(
      facts({
        band: 'yellow',
        renewal: { date: '2027-01-22', arr: 120_000 },
        usage: usageFigures(usage(20, 500, 6), usage(40, 1000, 6)),
        tickets: { urgent: 1, high: 0, oldestOpenDays: 9 },
      }),
    );
    expect(risky.map((p) => p.rule)).toEqual(['renewal_near', 'usage_down', 'urgent_tickets']);
    expect(text(risky[0]!)).toContain('health is yellow');
  });

  it('ranks by weight and keeps the three heaviest, the same every time', () => {
    const busy = facts({
      band: 'red',
      story: healthStory(
        [
          { day: '2026-08-26', score: 74, band: 'green' },
          { day: '2026-10-01', score: 55, band: 'yellow' },
          { day: '2026-11-23', score: 35, band: 'red' },
        ],
        null,
      ),
      drivers: ['logins fell 42% in 30 days'],
      usage: usageFigures(usage(20, 400, 3), usage(40, 1000, 6)),
      renewal: { date: '2027-01-07', arr: 120_000 },
      tickets: { urgent: 2, high: 1, oldestOpenDays: 12 },
      surveys: [{ kind: 'nps', score: 2, respondent: null, comment: null, day: '2026-11-02' }],
      plan: { milestones: 3, overdue: [{ title: 'Kickoff', due: '2026-11-01' }] },
      expansion: [{ text: 'seats 85% used for 14 days' }],
    });
    const points = talkingPoints(busy);
    // Renewal in 45 days with a red band (101), health −39 (95), logins −60% (90); the
    // detractor (79) and the urgent tickets (78) come next.
    expect(points.map((p) => p.rule)).toEqual(['renewal_near', 'health_fell', 'usage_down']);
    expect(text(points[2]!)).toMatch(/^Logins down 60% on the previous quarter/);
    expect(text(points[1]!)).toBe(
      'Health fell from 74 to 35 this quarter (main driver: logins fell 42% in 30 days): ask what changed on their side.',
    );
    expect(talkingPoints(busy)).toEqual(points);
    // Every rule that applies is there when asked for all of them, heaviest first.
    const all = talkingPoints(busy, 20);
    expect(all.map((p) => p.rule)).toEqual([
      'renewal_near',
      'health_fell',
      'usage_down',
      'detractor',
      'urgent_tickets',
      'milestone_overdue',
      'expansion',
    ]);
    const weights = all.map((p) => p.weight);
    expect([...weights].sort((a, b) => b - a)).toEqual(weights);
  });

  it('ranks by the strength of the signal, not by which rule comes first', () => {
    const points = talkingPoints(
      facts({
        // Usage down 20% (weight 70) against a detractor NPS 2 (79) and 3 urgent tickets (85).
        usage: usageFigures(usage(32, 1000, 6), usage(40, 1000, 6)),
        surveys: [{ kind: 'nps', score: 2, respondent: null, comment: null, day: '2026-11-02' }],
        tickets: { urgent: 3, high: 0, oldestOpenDays: 4 },
      }),
    );
    expect(points.map((p) => p.rule)).toEqual(['urgent_tickets', 'detractor', 'usage_down']);
    expect(text(points[0]!)).toBe(
      '3 urgent tickets open (oldest open 4 days): bring a status on each.',
    );
  });

  it('good news has points too: usage up, a promoter, and no plan yet', () => {
    const points = talkingPoints(
      facts({
        usage: usageFigures(usage(52, 1300, 6), usage(40, 1000, 6)),
        surveys: [
          {
            kind: 'nps',
            score: 10,
            respondent: 'ops@acme.com',
            comment: 'Love it',
            day: '2026-11-10',
          },
        ],
        plan: { milestones: 0, overdue: [] },
      }),
    );
    expect(points.map((p) => p.rule)).toEqual(['usage_up', 'promoter', 'no_plan']);
    expect(text(points[0]!)).toBe(
      'Active users (daily average) up 30% on the previous quarter: name the win, and ask which other teams could use it.',
    );
  });

  it('a renewal already past, or more than 120 days away, is no talking point', () => {
    expect(talkingPoints(facts({ renewal: { date: '2026-11-01', arr: 1 } }))).toEqual([]);
    expect(talkingPoints(facts({ renewal: { date: '2027-04-01', arr: 1 } }))).toEqual([]);
  });
});

describe('the health story', () => {
  it('finds the score at the start and now, and every band change (one on the first day too)', () => {
    const story = healthStory(
      [
        { day: '2026-08-26', score: 66, band: 'yellow' },
        { day: '2026-09-10', score: null, band: null },
        { day: '2026-10-01', score: 72, band: 'green' },
        { day: '2026-11-23', score: 50, band: 'yellow' },
      ],
      { day: '2026-08-25', score: 71, band: 'green' },
    );
    expect(story.start).toMatchObject({ score: 66 });
    expect(story.now).toMatchObject({ score: 50 });
    expect(story.change).toBe(-16);
    expect(story.bandChanges).toEqual([
      { day: '2026-08-26', from: 'green', to: 'yellow' },
      { day: '2026-10-01', from: 'yellow', to: 'green' },
      { day: '2026-11-23', from: 'green', to: 'yellow' },
    ]);
  });

  it('compares usage with the period before, and says nothing against a zero or missing one', () => {
    const [active, logins, features] = usageFigures(usage(30, 0, null), usage(40, 0, 5));
    expect(active!.changePct).toBe(-25);
    expect(logins!.changePct).toBeNull();
    expect(features!.changePct).toBeNull();
  });
});

describe('plan progress', () => {
  const m = (
    title: string,
    dueOn: string,
    status: 'planned' | 'in_progress' | 'done' | 'missed',
  ) => ({
    title,
    dueOn,
    ownerEmail: null,
    status,
  });

  it('counts done and overdue and names the next open milestone by due day', () => {
    const p = planProgress(
      [
        m('Graduation', '2027-02-01', 'planned'),
        m('Kickoff', '2026-11-01', 'done'),
        m('Data set up', '2026-11-20', 'in_progress'),
        m('Training', '2026-11-10', 'missed'),
      ],
      '2026-11-23',
    );
    expect(p).toEqual({
      total: 4,
      done: 1,
      overdue: 1,
      next: { title: 'Data set up', due: '2026-11-20', owner: null },
    });
    expect(progressWordsIn('en', p, '2026-11-23')).toBe(
      '1/4 milestones done, 1 overdue, next: Data set up due 20 Nov',
    );
    expect(progressWordsIn('zh-CN', p, '2026-11-23')).toBe(
      '已完成 1/4 个里程碑，1 个逾期，下一个：Data set up（11月20日到期）',
    );
  });

  it('advises 3–6 milestones', () => {
    expect(sizeAdviceIn('en', 0)).toMatch(/3–6/);
    expect(sizeAdviceIn('en', 2)).toMatch(/3–6/);
    expect(sizeAdviceIn('en', 4)).toBeNull();
    expect(sizeAdviceIn('en', 9)).toMatch(/consider merging/);
  });
});
