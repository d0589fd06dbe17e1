import { daysBetween } from '../dates';
import type { Band } from '../health';
import type { Msg } from '../locale';
import { type HealthStory, isWorse, type UsageFigure } from './brief';

// Three talking points for a QBR or check-in, from the account's own data by fixed rules: each
// rule that applies gives one point with a weight; the heaviest three are shown, ties in the
// order of RULES. Deterministic: the same facts give the same points, word for word. The text
// only ever quotes the data (figures, a customer's own comment, a milestone's title).

export interface TalkingPointFacts {
  today: string;
  band: Band | null;
  story: HealthStory;
  /** The top health drivers now, in words ("logins fell 42% in 30 days"). */
  drivers: string[];
  usage: UsageFigure[];
  renewal: { date: string; arr: number | null } | null;
  tickets: { urgent: number; high: number; oldestOpenDays: number | null };
  surveys: {
    kind: 'nps' | 'csat';
    score: number;
    respondent: string | null;
    comment: string | null;
    day: string;
  }[];
  plan: {
    milestones: number;
    overdue: { title: string; due: string }[];
  };
  /** Expansion signals (another issue adds them); each becomes a point of its own. */
  expansion: { text: string }[];
}

/**
 * A point as a message key and its facts: the card layer words it in the reader's language
 * (cards/prep-words.ts). Optional parts (`arr`, `who`, `said`, `why`, `oldest`, `more`) are
 * absent when the data has none; `usage` is a usage figure's key, `band` a band.
 */
export interface TalkingPoint extends Msg {
  rule: string;
  weight: number;
}

const quote = (text: string, max = 140) => {
  const t = text.replace(/\s+/g, ' ').trim();
  return `“${t.length > max ? `${t.slice(0, max - 1)}…` : t}”`;
};

type Rule = (f: TalkingPointFacts) => TalkingPoint | null;

/** Weights: 100 is "bring this up first"; each rule scales with how strong its signal is. */
const RULES: [string, Rule][] = [
  [
    'renewal_near',
    (f) => {
      if (!f.renewal) return null;
      const days = daysBetween(f.today, f.renewal.date);
      if (days < 0 || days > 120) return null;
      const arr = f.renewal.arr !== null ? { arr: f.renewal.arr } : {};
      const risky = f.band !== null && f.band !== 'green';
      return {
        rule: 'renewal_near',
        weight: (risky ? 95 : 70) + Math.round((120 - days) / 12),
        ...(risky && f.band
          ? { key: 'prep.point.renewalRisky', params: { days, ...arr, band: f.band } }
          : { key: 'prep.point.renewal', params: { days, ...arr } }),
      };
    },
  ],
  [
    'health_fell',
    (f) => {
      const worse = f.story.bandChanges.filter(isWorse);
      const drop = f.story.change;
      if (worse.length === 0 && (drop === null || drop > -15)) return null;
      return {
        rule: 'health_fell',
        weight: 80 + Math.min(15, Math.abs(drop ?? 0) / 2),
        key: 'prep.point.healthFell',
        params: {
          from: String(f.story.start?.score ?? '?'),
          to: String(f.story.now?.score ?? '?'),
          ...(f.drivers[0] ? { why: f.drivers[0] } : {}),
        },
      };
    },
  ],
  [
    'usage_down',
    (f) => {
      const down = f.usage
        .filter((u) => u.changePct !== null && u.changePct <= -20)
        .sort((a, b) => a.changePct! - b.changePct!)[0];
      if (!down) return null;
      return {
        rule: 'usage_down',
        weight: 60 + Math.min(30, Math.abs(down.changePct!) / 2),
        key: 'prep.point.usageDown',
        params: { usage: down.key, pct: Math.abs(down.changePct!) },
      };
    },
  ],
  [
    'detractor',
    (f) => {
      const d = f.surveys
        .filter((s) => (s.kind === 'nps' ? s.score <= 6 : s.score <= 2))
        .sort((a, b) => a.score - b.score || (a.day < b.day ? 1 : -1))[0];
      if (!d) return null;
      return {
        rule: 'detractor',
        weight: 75 + (6 - Math.min(6, d.score)),
        key: 'prep.point.detractor',
        params: {
          answer: d.kind === 'nps' ? `NPS ${d.score}` : `CSAT ${d.score}/5`,
          ...(d.respondent ? { who: d.respondent } : {}),
          ...(d.comment ? { said: quote(d.comment) } : {}),
        },
      };
    },
  ],
  [
    'urgent_tickets',
    (f) => {
      const { urgent, high } = f.tickets;
      if (urgent + high === 0) return null;
      const oldest = f.tickets.oldestOpenDays !== null ? { oldest: f.tickets.oldestOpenDays } : {};
      return {
        rule: 'urgent_tickets',
        weight: 55 + urgent * 10 + high * 3,
        ...(urgent > 0 && high > 0
          ? { key: 'prep.point.ticketsUrgentHigh', params: { urgent, high, ...oldest } }
          : urgent > 0
            ? { key: 'prep.point.ticketsUrgent', params: { urgent, ...oldest } }
            : { key: 'prep.point.ticketsHigh', params: { high, ...oldest } }),
      };
    },
  ],
  [
    'milestone_overdue',
    (f) => {
      const first = f.plan.overdue[0];
      if (!first) return null;
      return {
        rule: 'milestone_overdue',
        weight: 50 + Math.min(20, daysBetween(first.due, f.today)),
        key: 'prep.point.milestoneOverdue',
        params: {
          title: first.title,
          due: first.due,
          ...(f.plan.overdue.length > 1 ? { more: f.plan.overdue.length - 1 } : {}),
        },
      };
    },
  ],
  [
    'expansion',
    (f) => {
      const first = f.expansion[0];
      if (!first) return null;
      return {
        rule: 'expansion',
        weight: 45,
        key: 'prep.point.expansion',
        params: { signal: first.text },
      };
    },
  ],
  [
    'usage_up',
    (f) => {
      const up = f.usage
        .filter((u) => u.changePct !== null && u.changePct >= 20)
        .sort((a, b) => b.changePct! - a.changePct!)[0];
      if (!up) return null;
      return {
        rule: 'usage_up',
        weight: 40 + Math.min(20, up.changePct! / 5),
        key: 'prep.point.usageUp',
        params: { usage: up.key, pct: up.changePct! },
      };
    },
  ],
  [
    'promoter',
    (f) => {
      const p = f.surveys.find((s) => s.kind === 'nps' && s.score >= 9 && s.comment);
      if (!p?.comment) return null;
      return {
        rule: 'promoter',
        weight: 35,
        key: 'prep.point.promoter',
        params: {
          score: p.score,
          quote: quote(p.comment),
          ...(p.respondent ? { who: p.respondent } : {}),
        },
      };
    },
  ],
  [
    'no_plan',
    (f) =>
      f.plan.milestones === 0
        ? { rule: 'no_plan', weight: 30, key: 'prep.point.noPlan', params: {} }
        : null,
  ],
];

export const TALKING_POINTS_SHOWN = 3;

/** The points that apply, heaviest first (ties: the order of RULES), at most three. */
export function talkingPoints(f: TalkingPointFacts, max = TALKING_POINTS_SHOWN): TalkingPoint[] {
  const found: { point: TalkingPoint; order: number }[] = [];
  RULES.forEach(([, rule], order) => {
    const point = rule(f);
    if (point) found.push({ point, order });
  });
  return found
    .sort((a, b) => b.point.weight - a.point.weight || a.order - b.order)
    .slice(0, max)
    .map((x) => x.point);
}
