import { daysBetween } from '../dates';
import type { Band } from '../health';
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

export interface TalkingPoint {
  rule: string;
  weight: number;
  text: string;
}

const money = (n: number) => `$${Math.round(n).toLocaleString('en-US')}`;
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
      const value = f.renewal.arr !== null ? ` (${money(f.renewal.arr)} ARR)` : '';
      const risky = f.band !== null && f.band !== 'green';
      return {
        rule: 'renewal_near',
        weight: (risky ? 95 : 70) + Math.round((120 - days) / 12),
        text: risky
          ? `Renewal in ${days} days${value} and health is ${f.band}: confirm the decision makers, the timeline and what must change to renew.`
          : `Renewal in ${days} days${value}: confirm the decision makers and the timeline.`,
      };
    },
  ],
  [
    'health_fell',
    (f) => {
      const worse = f.story.bandChanges.filter(isWorse);
      const drop = f.story.change;
      if (worse.length === 0 && (drop === null || drop > -15)) return null;
      const from = f.story.start;
      const now = f.story.now;
      const why = f.drivers[0] ? ` (main driver: ${f.drivers[0]})` : '';
      return {
        rule: 'health_fell',
        weight: 80 + Math.min(15, Math.abs(drop ?? 0) / 2),
        text: `Health fell from ${from?.score ?? '?'} to ${now?.score ?? '?'} this quarter${why}: ask what changed on their side.`,
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
        text: `${down.label} down ${Math.abs(down.changePct!)}% on the previous quarter: ask about team changes, projects ending or a tool they moved to.`,
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
      const who = d.respondent ? ` from ${d.respondent}` : '';
      const said = d.comment ? `: ${quote(d.comment)}` : '';
      const kind = d.kind === 'nps' ? `NPS ${d.score}` : `CSAT ${d.score}/5`;
      return {
        rule: 'detractor',
        weight: 75 + (6 - Math.min(6, d.score)),
        text: `Detractor ${kind}${who}${said} — acknowledge it and say what was done about it.`,
      };
    },
  ],
  [
    'urgent_tickets',
    (f) => {
      const n = f.tickets.urgent + f.tickets.high;
      if (n === 0) return null;
      const oldest =
        f.tickets.oldestOpenDays !== null ? ` (oldest open ${f.tickets.oldestOpenDays} days)` : '';
      const what =
        f.tickets.urgent > 0
          ? `${f.tickets.urgent} urgent${f.tickets.high ? ` and ${f.tickets.high} high-priority` : ''}`
          : `${f.tickets.high} high-priority`;
      return {
        rule: 'urgent_tickets',
        weight: 55 + f.tickets.urgent * 10 + f.tickets.high * 3,
        text: `${what} ticket${n === 1 ? '' : 's'} open${oldest}: bring a status on each.`,
      };
    },
  ],
  [
    'milestone_overdue',
    (f) => {
      const first = f.plan.overdue[0];
      if (!first) return null;
      const more = f.plan.overdue.length > 1 ? ` (and ${f.plan.overdue.length - 1} more)` : '';
      return {
        rule: 'milestone_overdue',
        weight: 50 + Math.min(20, daysBetween(first.due, f.today)),
        text: `Milestone “${first.title}” was due ${first.due}${more}: agree a new date or name the blocker.`,
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
        text: `Expansion signal: ${first.text} — ask about their plans for the next quarter.`,
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
        text: `${up.label} up ${up.changePct}% on the previous quarter: name the win, and ask which other teams could use it.`,
      };
    },
  ],
  [
    'promoter',
    (f) => {
      const p = f.surveys.find((s) => s.kind === 'nps' && s.score >= 9 && s.comment);
      if (!p?.comment) return null;
      const who = p.respondent ? ` from ${p.respondent}` : '';
      return {
        rule: 'promoter',
        weight: 35,
        text: `Promoter NPS ${p.score}${who}: ${quote(p.comment)} — ask for a reference or a case study.`,
      };
    },
  ],
  [
    'no_plan',
    (f) =>
      f.plan.milestones === 0
        ? {
            rule: 'no_plan',
            weight: 30,
            text: 'No success plan yet: agree 3–6 milestones for the next quarter (/plan).',
          }
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
