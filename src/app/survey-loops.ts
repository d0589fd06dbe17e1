import { LOOP_NOTE_MAX, loopNoteForm } from '../cards/forms';
import { t, tm } from '../cards/i18n/t';
import {
  answerWords,
  type LoopCardView,
  loopCard,
  loopsCard,
  outcomeWordsIn,
} from '../cards/loop-card';
import type { Card, Submit } from '../cards/model';
import { noticeCard } from '../cards/notice-card';
import type { Db } from '../db/schema';
import { addDays } from '../domain/dates';
import type { Locale, Msg } from '../domain/locale';
import { addBusinessDays, type LoopOutcome } from '../domain/loops';
import { localParts, localToInstant } from '../domain/schedule';
import { cleanChatText } from '../domain/text-input';
import { TendError } from '../errors';
import { enqueue, postsOfAccount } from '../store/outbox';
import type { NewMessage } from '../store/outbox-message';
import {
  claimLoopEscalations,
  closeLoop,
  getLoop,
  type LoopView,
  lockLoop,
  openLoops,
  openLoopsList,
} from '../store/survey-loops';
import type { Actor } from './alert-actions';
import { escalationTarget } from './alert-escalation';
import { notBeforeFor } from './away';
import type { AppContext } from './context';
import { localDay } from './context';
import { targetResolver } from './delivery-targets';
import { channelLocales, defaultLocale } from './languages';
import { startForLoops } from './playbooks';
import { userError } from './user-error';

/** The dedupe key prefix of every post of a loop, so a close can rewrite them all. */
export const loopKey = (loopId: number) => `loop:${loopId}:`;

function viewOf(
  ctx: AppContext,
  l: LoopView,
  escalated = false,
  locale: Locale = defaultLocale(ctx),
): LoopCardView {
  return {
    loop: {
      id: l.id,
      reason: l.reason,
      dueAt: l.due_at,
      escalatedAt: l.escalated_at,
      closedAt: l.closed_at,
      outcome: l.outcome,
      note: l.note,
      closedBy: l.closed_by,
    },
    answer: {
      kind: l.kind,
      score: l.score,
      respondent: l.respondent,
      comment: l.comment,
      answeredOn: l.answered_on,
    },
    account: { name: l.account_name, owner: l.owner_email, arr: l.arr },
    timeZone: ctx.config.settings.timezone,
    now: ctx.clock.now(),
    ...(escalated ? { escalated: true } : {}),
    locale,
  };
}

/** When a loop opened now is due: hours for detractors and low CSAT, business days for passives. */
function clocks(ctx: AppContext, now: Date): { dueAt: Date; passiveDueAt: Date | null } {
  const { contactWithinHours, passives } = ctx.config.settings.loops;
  const zone = ctx.config.settings.timezone;
  const local = localParts(now, zone);
  const hhmm = `${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}`;
  return {
    dueAt: new Date(now.getTime() + contactWithinHours * 3_600_000),
    passiveDueAt: passives.enabled
      ? localToInstant(addBusinessDays(local.day, passives.businessDays), hhmm, zone)
      : null,
  };
}

export interface OpenedLoops {
  opened: number;
  messages: number;
}

/**
 * Opens a loop for each recent detractor / low-CSAT answer (and passive, when enabled) that has
 * none, and posts its card where the account's alerts go. Run after a survey import and by the
 * hourly risk job; each answer opens one loop, however often this runs.
 */
export async function openSurveyLoops(
  ctx: AppContext,
  accountIds?: readonly number[],
): Promise<OpenedLoops> {
  const now = ctx.clock.now();
  const sinceDay = addDays(localDay(ctx, now), -ctx.config.settings.loops.answeredWithinDays);
  return ctx.db.transaction().execute(async (trx) => {
    const loops = await openLoops(trx, {
      now,
      sinceDay,
      ...clocks(ctx, now),
      ...(accountIds ? { accountIds } : {}),
    });
    if (loops.length === 0) return { opened: 0, messages: 0 };
    const targets = await targetResolver(trx, 'alerts', now, ctx.config.settings.teams);
    const localeOf = await channelLocales({ ...ctx, db: trx });
    const messages: NewMessage<Card>[] = loops.flatMap((l) =>
      targets({ ...l, id: l.account_id }).map((t) => ({
        platform: t.platform,
        channelId: t.channelId,
        dedupeKey: `${loopKey(l.id)}post:${t.platform}:${t.channelId}`,
        payload: {
          op: 'post' as const,
          kind: 'loop',
          card: loopCard(viewOf(ctx, l, false, localeOf(t.platform, t.channelId))),
        },
        accountId: l.account_id,
        notBefore: notBeforeFor(ctx, t, now),
      })),
    );
    await enqueue(trx, messages, now);
    // Each loop starts the `nps_loop` playbooks (detractor recovery by default).
    const plays = await startForLoops(ctx, trx, loops);
    return { opened: loops.length, messages: messages.length + plays.messages };
  });
}

/** A loop's card (Open on a /loops row). */
export async function loopCardById(
  ctx: AppContext,
  loopId: number,
  locale: Locale = defaultLocale(ctx),
): Promise<Card> {
  const loop = await getLoop(ctx.db, loopId);
  if (!loop) return noticeCard(t(locale, 'click.loopTitle'), t(locale, 'loop.gone'), locale);
  return loopCard(viewOf(ctx, loop, false, locale));
}

/** The note form an outcome button opens, or why there is none (closed, gone). */
export async function loopNoteFormFor(
  ctx: AppContext,
  loopId: number,
  outcome: LoopOutcome,
  save: Submit,
  locale: Locale = defaultLocale(ctx),
): Promise<{ form: Card } | { note: string }> {
  const loop = await getLoop(ctx.db, loopId);
  if (!loop) return { note: t(locale, 'click.loopGone') };
  if (loop.closed_at && loop.outcome) {
    return {
      note: t(locale, 'click.loopAlreadyClosed', {
        outcome: outcomeWordsIn(locale, loop.outcome),
        who: loop.closed_by ?? t(locale, 'alert.someone'),
      }),
    };
  }
  return {
    form: loopNoteForm(
      {
        accountName: loop.account_name,
        outcomeWords: outcomeWordsIn(locale, outcome),
        answerWords: answerWords({ kind: loop.kind, score: loop.score }),
      },
      save,
      locale,
    ),
  };
}

/** A note as stored: cleaned, trimmed, 1–LOOP_NOTE_MAX characters; else why not. */
export function loopNoteProblem(note: string): { note: string } | { problem: Msg } {
  const clean = cleanChatText(note).trim();
  if (clean === '') return { problem: { key: 'form.loopNote.required' } };
  if (clean.length > LOOP_NOTE_MAX) {
    return { problem: { key: 'problem.atMost', params: { max: LOOP_NOTE_MAX } } };
  }
  return { note: clean };
}

export interface LoopCloseResult {
  changed: boolean;
  card: Card;
  message: string;
}

/**
 * An outcome with its note closes the loop, once (the first outcome stands; a second click or a
 * retried request says so), and rewrites every posted copy of the loop card.
 */
export async function closeSurveyLoop(
  ctx: AppContext,
  loopId: number,
  outcome: LoopOutcome,
  rawNote: string,
  actor: Actor,
  locale: Locale = defaultLocale(ctx),
): Promise<LoopCloseResult> {
  const checked = loopNoteProblem(rawNote);
  if ('problem' in checked) throw new TendError('bad_note', tm(locale, checked.problem));
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const locked = await lockLoop(trx, loopId);
    if (!locked) throw userError('loop_not_found', 'loop.gone');
    const closed = await closeLoop(trx, loopId, {
      outcome,
      note: checked.note,
      by: actor.name,
      at: now,
    });
    const view = (await getLoop(trx, loopId))!;
    const card = loopCard(viewOf(ctx, view, false, locale));
    if (!closed) {
      return {
        changed: false,
        card,
        message: t(locale, 'click.loopAlreadyClosed', {
          outcome: view.outcome ? outcomeWordsIn(locale, view.outcome) : t(locale, 'click.closed'),
          who: view.closed_by ?? t(locale, 'alert.someone'),
        }),
      };
    }
    await enqueueLoopUpdates(ctx, trx, view, now);
    return {
      changed: true,
      card,
      message: t(locale, 'click.loopClosed', { outcome: outcomeWordsIn(locale, outcome) }),
    };
  });
}

async function enqueueLoopUpdates(ctx: AppContext, trx: Db, loop: LoopView, now: Date) {
  const posts = (await postsOfAccount(trx, loop.account_id, loopKey(loop.id))).filter(
    (p) => p.status !== 'failed',
  );
  const localeOf = await channelLocales({ ...ctx, db: trx });
  const messages: NewMessage<Card>[] = posts.map((p) => ({
    platform: p.platform,
    channelId: p.channel_id,
    dedupeKey: `${loopKey(loop.id)}update:closed:${p.id}`,
    payload: {
      op: 'update',
      kind: 'loop',
      of: p.dedupe_key,
      card: loopCard(
        viewOf(ctx, loop, p.kind === 'loop-escalation', localeOf(p.platform, p.channel_id)),
      ),
    },
    accountId: loop.account_id,
  }));
  await enqueue(trx, messages, now);
}

/**
 * Loops past their clock go to the escalation channel (alerts.escalationChannel), once: the
 * mark and the message are written in one transaction.
 */
export async function escalateLoops(
  ctx: AppContext,
): Promise<{ escalated: number; messages: number }> {
  const now = ctx.clock.now();
  const target = escalationTarget(ctx.config.settings.alerts.escalationChannel);
  return ctx.db.transaction().execute(async (trx) => {
    const loops = await claimLoopEscalations(trx, now);
    if (loops.length === 0 || !target) return { escalated: loops.length, messages: 0 };
    const locale = (await channelLocales({ ...ctx, db: trx }))(target.platform, target.channelId);
    const messages: NewMessage<Card>[] = loops.map((l) => ({
      ...target,
      dedupeKey: `${loopKey(l.id)}post:escalation:${target.platform}:${target.channelId}`,
      payload: {
        op: 'post',
        kind: 'loop-escalation',
        card: loopCard(viewOf(ctx, l, true, locale)),
      },
      accountId: l.account_id,
    }));
    await enqueue(trx, messages, now);
    return { escalated: loops.length, messages: messages.length };
  });
}

const LOOPS_SHOWN = 25;

/** `/loops` (mine) and `/loops team`: open loops, overdue first. */
export async function openLoopsAnswer(
  ctx: AppContext,
  email: string | null,
  locale: Locale = defaultLocale(ctx),
): Promise<Card> {
  const { rows, total } = await openLoopsList(ctx.db, email, LOOPS_SHOWN);
  return loopsCard(
    rows.map(lineOf),
    total,
    email ? 'mine' : 'team',
    ctx.clock.now(),
    ctx.config.settings.timezone,
    locale,
  );
}

export const lineOf = (l: LoopView) => ({
  id: l.id,
  accountName: l.account_name,
  reason: l.reason,
  answer: {
    kind: l.kind,
    score: l.score,
    respondent: l.respondent,
    comment: l.comment,
    answeredOn: l.answered_on,
  },
  dueAt: l.due_at,
});
