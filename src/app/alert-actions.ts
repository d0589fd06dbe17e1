import { alertCard, SNOOZE_OPTIONS, type SnoozeChoice } from '../cards/alert-card';
import { day, when as whenIn } from '../cards/i18n/format';
import { t, tm } from '../cards/i18n/t';
import type { Card } from '../cards/model';
import type { Alert } from '../db/tables/alerts';
import { addDays, isIsoDay } from '../domain/dates';
import type { Locale, Msg } from '../domain/locale';
import { isExpansionRule } from '../domain/rules';
import { localToInstant } from '../domain/schedule';
import { dayIn } from '../domain/time-zone';
import { getAccount } from '../store/accounts';
import {
  type AlertPatch,
  appendAlertEvent,
  episodeSignals,
  lockAlert,
  updateAlert,
  updateEpisodeMembers,
} from '../store/alerts';
import { createFollowUp } from '../store/follow-ups';
import { notifyAssignee } from './alert-assignee';
import { replyInThread, rewritePosts } from './alert-thread';
import { cardView } from './alerts';
import type { AppContext } from './context';
import { opportunityOf, recordOpportunity } from './opportunities';
import { userError } from './user-error';

export interface Actor {
  /** The platform's user id. */
  id: string;
  /** How to show them: '@jane'. */
  name: string;
  platform: string;
  /** The language they read (what they are told back); the settings' default if not given. */
  locale?: Locale;
}

export type AlertAction =
  | { kind: 'ack' }
  | { kind: 'snooze'; for: SnoozeChoice | 'date' }
  | { kind: 'assign'; assignee: { id: string; name: string } }
  /** `saved`: the account was kept (a save review follows); still a resolution for metrics. */
  | { kind: 'resolve'; saved?: boolean }
  | { kind: 'followup'; title: string; dueOn: string | null; ownerEmail: string | null }
  | { kind: 'note'; text: string }
  /** "Create opportunity" on an expansion card: recorded once, told to the sales channel. */
  | { kind: 'opportunity' }
  /** Snoozed until the day after `day` begins (the team's zone), with why. */
  | { kind: 'snooze-until'; day: string; reason: string };

/** The longest note kept (a thread reply, not a document). */
export const MAX_NOTE = 2000;

export interface AlertActionResult {
  /** False for a repeated request or an action the alert's state makes moot. */
  changed: boolean;
  alert: Alert;
  card: Card;
  /** One line for the person who clicked. */
  message: string;
}

/**
 * A click on an alert card: changes the alert in one transaction, appends the event (actor,
 * platform, time, request key), and enqueues an in-place update of every message that showed
 * the alert. The same request key twice, or acknowledging an acknowledged alert, changes
 * nothing and says so.
 */
export async function applyAlertAction(
  ctx: AppContext,
  alertId: number,
  action: AlertAction,
  actor: Actor,
  requestKey: string,
): Promise<AlertActionResult> {
  const now = ctx.clock.now();
  const fallback = ctx.config.settings.language;
  const said = actor.locale ?? fallback;
  return ctx.db.transaction().execute(async (trx) => {
    const alert = await lockAlert(trx, alertId);
    if (!alert) throw userError('alert_not_found', 'alert.notFound', { id: String(alertId) });
    const account = await getAccount(trx, alert.account_id);
    if (!account) throw userError('alert_not_found', 'alert.noAccount', { id: String(alertId) });
    const signals = (await episodeSignals(trx, [alertId])).get(alertId);
    // The card handed back to the clicker (Teams' invoke answer) is in their language; every
    // posted copy is rewritten in its own post's language below.
    const render = (a: Alert, lastAction?: string) =>
      alertCard(
        cardView(ctx, a, account, {
          locale: said,
          signals,
          ...(lastAction ? { lastAction } : {}),
        }),
      );
    const plan = planAction(alert, action, actor, now, ctx.config.settings.timezone);
    if (action.kind === 'snooze-until' && 'patch' in plan) {
      const problem = snoozeUntilProblem(
        action.day,
        action.reason,
        dayIn(now, ctx.config.settings.timezone),
      );
      if (problem) {
        return { changed: false, alert, card: render(alert), message: tm(said, problem.msg) };
      }
    }
    if (action.kind === 'opportunity') {
      const had = await opportunityOf(trx, alertId);
      if (had) {
        return {
          changed: false,
          alert,
          card: render(alert),
          message: t(said, 'thread.opportunityExists', { who: had.created_by }),
        };
      }
    }
    if ('moot' in plan) {
      return { changed: false, alert, card: render(alert), message: plan.moot(said) };
    }

    const event = await appendAlertEvent(trx, {
      alertId,
      action: action.kind,
      actor: actor.id,
      platform: actor.platform,
      details: { name: actor.name, ...plan.details },
      at: now,
      requestKey,
    });
    if (!event) {
      return { changed: false, alert, card: render(alert), message: t(said, 'thread.alreadyDone') };
    }
    if (action.kind === 'followup') {
      await createFollowUp(trx, {
        accountId: alert.account_id,
        title: action.title,
        ownerEmail: action.ownerEmail,
        dueOn: action.dueOn,
        createdBy: actor.id,
        source: 'alert',
        requestKey,
        alertId,
      });
    }
    if (action.kind === 'opportunity') {
      await recordOpportunity(ctx, trx, alert, account, actor, now);
    }
    const updated = plan.patch ? await updateAlert(trx, alertId, plan.patch) : alert;
    // One card, one state: the signals that joined the episode follow their lead.
    if (plan.patch) await updateEpisodeMembers(trx, alertId, plan.patch);
    const { escalateAfterHours } = ctx.config.settings.alerts;
    await rewritePosts(
      trx,
      updated,
      (escalated, locale) =>
        alertCard(
          cardView(ctx, updated, account, {
            locale,
            signals,
            lastAction: plan.text(locale ?? fallback),
            ...(escalated ? { escalated: { afterHours: escalateAfterHours } } : {}),
          }),
        ),
      String(event.id),
      now,
    );
    await replyInThread(
      trx,
      updated,
      [
        {
          text: plan.line ?? plan.text,
          tag: `event:${event.id}`,
          mode: action.kind === 'note' ? 'now' : 'collapse',
        },
      ],
      now,
      fallback,
    );
    if (action.kind === 'assign') {
      await notifyAssignee(
        ctx,
        trx,
        updated,
        account,
        action.assignee,
        actor,
        plan.text(fallback),
        event.id,
        now,
      );
    }
    return {
      changed: true,
      alert: updated,
      card: render(updated, plan.text(said)),
      message: plan.text(said),
    };
  });
}

/** Words in the reader's language: a line is written once per post, each in its own. */
type Said = (locale: Locale) => string;

type Plan =
  | { moot: Said }
  | {
      patch: AlertPatch | null;
      text: Said;
      /** The thread's line when it differs from the card's (a note shows in full). */
      line?: Said;
      details: Record<string, unknown>;
    };

function planAction(
  alert: Alert,
  action: AlertAction,
  actor: Actor,
  now: Date,
  timeZone: string,
): Plan {
  const who = actor.name;
  const at = (l: Locale) => whenIn(l, now, now, timeZone);
  if (alert.status === 'resolved') {
    return {
      moot: (l) =>
        t(l, 'thread.alreadyResolved', { who: alert.resolved_by ?? t(l, 'alert.someone') }),
    };
  }
  switch (action.kind) {
    case 'ack':
      if (alert.status !== 'open') {
        return {
          moot: (l) =>
            t(l, 'thread.alreadyAcknowledged', {
              who: alert.acknowledged_by ?? t(l, 'alert.someone'),
            }),
        };
      }
      return {
        patch: { status: 'acknowledged', acknowledged_at: now, acknowledged_by: actor.name },
        text: (l) => t(l, 'thread.acknowledged', { who, when: at(l) }),
        details: {},
      };
    case 'snooze-until': {
      const until = localToInstant(addDays(action.day, 1), '00:00', timeZone);
      const reason = action.reason.trim();
      return {
        patch: { snoozed_until: until, snooze_reason: reason },
        text: (l) => t(l, 'thread.snoozedUntilDay', { who, day: day(l, action.day), reason }),
        details: { until: until.toISOString(), day: action.day, reason },
      };
    }
    case 'snooze': {
      const option = SNOOZE_OPTIONS.find((o) => o.value === action.for);
      if (!option) return { moot: (l) => t(l, 'thread.pickDateFirst') };
      const until = new Date(now.getTime() + option.ms);
      return {
        patch: { snoozed_until: until, snooze_reason: null },
        text: (l) =>
          t(l, 'thread.snoozedFor', {
            who,
            duration: t(l, option.label),
            until: whenIn(l, until, now, timeZone),
          }),
        details: { for: option.value, until: until.toISOString() },
      };
    }
    case 'assign':
      if (alert.assignee === action.assignee.name) {
        return { moot: (l) => t(l, 'thread.alreadyAssigned', { who: action.assignee.name }) };
      }
      return {
        patch: { assignee: action.assignee.name },
        text: (l) => t(l, 'thread.assigned', { assignee: action.assignee.name, who, when: at(l) }),
        details: { assigneeId: action.assignee.id, assignee: action.assignee.name },
      };
    case 'resolve':
      return {
        patch: { status: 'resolved', resolved_at: now, resolved_by: actor.name },
        text: (l) =>
          t(l, action.saved ? 'thread.resolvedSaved' : 'thread.resolved', { who, when: at(l) }),
        details: action.saved ? { outcome: 'saved' } : {},
      };
    case 'followup':
      return {
        patch: null,
        text: (l) => t(l, 'thread.followUp', { who, when: at(l), title: action.title }),
        details: { title: action.title, dueOn: action.dueOn },
      };
    case 'opportunity':
      if (!isExpansionRule(alert.rule)) return { moot: (l) => t(l, 'thread.onlyExpansion') };
      return {
        // Creating the opportunity is the acknowledgement: someone took the signal up.
        patch:
          alert.status === 'open'
            ? { status: 'acknowledged', acknowledged_at: now, acknowledged_by: actor.name }
            : null,
        text: (l) => t(l, 'thread.opportunity', { who, when: at(l) }),
        details: {},
      };
    case 'note':
      return {
        patch: null,
        text: (l) => t(l, 'thread.note', { who, when: at(l) }),
        line: (l) => t(l, 'thread.noteLine', { who, text: action.text }),
        details: { text: action.text },
      };
  }
}

/** The longest reason a snooze-until keeps. */
const MAX_SNOOZE_REASON = 300;

/**
 * What is wrong with a snooze-until date and reason, and on which field; null when they are
 * fine. A message key: the form says it in its reader's language.
 */
export function snoozeUntilProblem(
  day: string,
  reason: string,
  today: string,
): { field: 'until' | 'reason'; msg: Msg } | null {
  if (!isIsoDay(day)) return { field: 'until', msg: { key: 'problem.pickDate' } };
  if (day < today) return { field: 'until', msg: { key: 'problem.todayOrLater' } };
  if (reason.trim() === '') return { field: 'reason', msg: { key: 'problem.snoozeWhy' } };
  if (reason.length > MAX_SNOOZE_REASON) {
    return {
      field: 'reason',
      msg: { key: 'problem.snoozeReasonLong', params: { max: MAX_SNOOZE_REASON } },
    };
  }
  return null;
}
