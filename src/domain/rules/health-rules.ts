import { daysBetween } from '../dates';
import type { Band } from '../health';
import { plural } from '../health/scale';
import type { Rule } from './model';

const RANK: Record<Band, number> = { green: 0, yellow: 1, red: 2 };

export const bandDrop: Rule<'band_drop'> = (f) => {
  if (!f.band || !f.previousBand || RANK[f.band] <= RANK[f.previousBand]) return null;
  return {
    rule: 'band_drop',
    severity: f.band === 'red' ? 'critical' : 'warning',
    summary: `health turned ${f.band} (was ${f.previousBand})`,
    args: { key: 'bandDrop', from: f.previousBand, to: f.band },
    conditionKey: `${f.previousBand}>${f.band}@${f.today}`,
    details: { from: f.previousBand, to: f.band, score: f.score },
  };
};

export const scoreDrop: Rule<'score_drop'> = (f, p) => {
  if (f.score === null || f.recentHighScore === null) return null;
  const drop = f.recentHighScore - f.score;
  if (drop < p.points) return null;
  return {
    rule: 'score_drop',
    severity: drop >= p.points * 2 ? 'critical' : 'warning',
    summary: `health score fell ${plural(drop, 'point')} in ${plural(p.days, 'day')} (${f.recentHighScore} → ${f.score})`,
    args: { key: 'scoreDrop', drop, days: p.days, high: f.recentHighScore, score: f.score },
    conditionKey: 'drop',
    details: { from: f.recentHighScore, to: f.score, drop, days: p.days },
  };
};

export const renewalAtRisk: Rule<'renewal_at_risk'> = (f, p) => {
  if (!f.renewalDate || !f.band || f.band === 'green') return null;
  const left = daysBetween(f.today, f.renewalDate);
  if (left < 0 || left > p.days) return null;
  return {
    rule: 'renewal_at_risk',
    severity: f.band === 'red' ? 'critical' : 'warning',
    summary: `renewal ${left === 0 ? 'today' : `in ${plural(left, 'day')}`} and health is ${f.band}`,
    args: { key: 'renewalAtRisk', days: left, band: f.band },
    conditionKey: f.renewalDate,
    details: { renewalDate: f.renewalDate, daysLeft: left, band: f.band },
  };
};
