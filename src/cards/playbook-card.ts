import type { Locale } from '../domain/locale';
import { ACTIONS } from './actions';
import { formatWhen, shortName } from './format';
import { day as dayIn } from './i18n/format';
import { type MessageKey, type Params, t } from './i18n/t';
import { bold, button, type Card, type CardBlock, type ListItem, rich } from './model';

/** What a checklist card shows; the use case fills it from the run, its steps and account. */
export interface PlaybookCardView {
  run: { title: string; version: number; trigger: string; completedAt: Date | null };
  account: { name: string };
  steps: {
    id: number;
    title: string;
    owner: string | null;
    dueOn: string;
    doneAt: Date | null;
    doneBy: string | null;
  }[];
  /** The team's calendar day (overdue is counted in it). */
  today: string;
  timeZone: string;
  now: Date;
  locale?: Locale;
}

const TRIGGER_KEY: Record<string, MessageKey> = {
  rule: 'playbook.trigger.rule',
  renewal: 'playbook.trigger.renewal',
  new_account: 'playbook.trigger.new_account',
  band_change: 'playbook.trigger.band_change',
  nps_loop: 'playbook.trigger.nps_loop',
  manual: 'playbook.trigger.manual',
};

/** A running playbook's checklist: each open step has a Done button; ticks show who and when. */
export function playbookCard(v: PlaybookCardView): Card {
  const locale = v.locale ?? 'en';
  const tr = (key: MessageKey, p?: Params) => t(locale, key, p);
  const when = (d: Date) => formatWhen(d, v.now, v.timeZone, { locale });
  const name = shortName(v.account.name);
  const done = v.steps.filter((s) => s.doneAt !== null).length;
  const items: ListItem[] = v.steps.map((s) => {
    if (s.doneAt !== null) {
      return {
        text: rich('✅ ', s.title),
        detail: rich(
          tr('playbook.tickedBy', { who: s.doneBy ?? tr('alert.someone'), when: when(s.doneAt) }),
        ),
      };
    }
    const due = tr('playbook.due', {
      day: dayIn(locale, s.dueOn, v.today),
      overdue: v.today > s.dueOn ? 'yes' : 'no',
    });
    return {
      text: rich('⬜ ', s.title),
      detail: rich([s.owner ?? tr('account.unassigned'), due].join(' · ')),
      action: button(tr('followups.done'), ACTIONS.playbookTick, { stepId: s.id }),
    };
  });
  const progress = tr('playbook.progress', { done, total: v.steps.length });
  const trigger = TRIGGER_KEY[v.run.trigger];
  const blocks: CardBlock[] = [
    {
      type: 'text',
      text: rich(bold(`📋 ${v.run.title}`), tr('playbook.for', { name, progress })),
    },
    { type: 'list', items, empty: tr('playbook.noSteps') },
    {
      type: 'context',
      text: rich(
        tr('playbook.startedBy', {
          trigger: trigger ? tr(trigger) : v.run.trigger,
          version: v.run.version,
        }),
      ),
    },
  ];
  if (v.run.completedAt) {
    blocks.push({
      type: 'status',
      text: rich(tr('playbook.completed', { when: when(v.run.completedAt) })),
    });
  }
  return {
    title: `${v.run.title}: ${name}`,
    fallback: `${v.run.title}${tr('playbook.for', { name, progress })}`,
    blocks,
    locale,
  };
}
