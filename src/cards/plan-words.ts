import type { Locale } from '../domain/locale';
import { type MilestoneStatus, type PlanProgress, RECOMMENDED_MILESTONES } from '../domain/plans';
import { day as dayIn } from './i18n/format';
import { type MessageKey, t } from './i18n/t';

// A plan's words in the reader's language: the domain keeps the facts (counts, the next
// milestone), the card layer says them.

const STATUS_KEY: Record<MilestoneStatus, MessageKey> = {
  planned: 'plan.status.planned',
  in_progress: 'plan.status.in_progress',
  done: 'plan.status.done',
  missed: 'plan.status.missed',
};

export function statusWordsIn(locale: Locale, status: MilestoneStatus): string {
  return t(locale, STATUS_KEY[status]);
}

/** "2/5 milestones done, 1 overdue, next: Kickoff due 3 Dec" / "已完成 2/5 个里程碑…". */
export function progressWordsIn(locale: Locale, p: PlanProgress, today?: string): string {
  return t(locale, 'plan.progress', {
    done: p.done,
    total: p.total,
    overdue: p.overdue > 0 ? t(locale, 'plan.progress.overdue', { n: p.overdue }) : '',
    next: p.next
      ? t(locale, 'plan.progress.next', {
          title: p.next.title,
          day: dayIn(locale, p.next.due, today),
        })
      : '',
  });
}

/** The advice a plan card gives about its size, or null when it is in the recommended range. */
export function sizeAdviceIn(locale: Locale, milestones: number): string | null {
  const { min, max } = RECOMMENDED_MILESTONES;
  if (milestones >= min && milestones <= max) return null;
  if (milestones === 0) return t(locale, 'plan.advice.none', { min, max });
  if (milestones < min) return t(locale, 'plan.advice.few', { min, max });
  return t(locale, 'plan.advice.many', { n: milestones, min, max });
}
