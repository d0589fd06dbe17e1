import { t, tm } from '../cards/i18n/t';
import type { Card, Submit } from '../cards/model';
import { type PlanView, planCard } from '../cards/plan-card';
import type { OwnerField } from '../cards/plan-forms';
import { goalForm, milestoneForm } from '../cards/plan-forms';
import { statusWordsIn } from '../cards/plan-words';
import type { Db } from '../db/schema';
import type { Account } from '../db/tables/accounts';
import type { PlanChange } from '../db/tables/plans';
import type { Locale, Msg } from '../domain/locale';
import {
  followUpTitleOf,
  type GoalInput,
  goalProblems,
  isOpenStatus,
  type MilestoneInput,
  type MilestoneStatus,
  milestoneProblems,
  PLAN_LIMITS,
  planProgress,
} from '../domain/plans';
import { cleanChatText } from '../domain/text-input';
import { TendError } from '../errors';
import { findByExternalId, getAccount } from '../store/accounts';
import { chatUserIdByEmail } from '../store/chat-users';
import { createFollowUp } from '../store/follow-ups';
import {
  changeExists,
  countPlan,
  getGoal,
  getMilestone,
  insertGoal,
  insertMilestone,
  lockPlan,
  milestoneOfFollowUp,
  planChanges,
  planOf,
  recordPlanChange,
  syncLinkedFollowUp,
  updateGoal,
  updateMilestone,
} from '../store/plans';
import { healthAnswer } from './account-health';
import { lookupAccount } from './account-lookup';
import type { AppContext } from './context';
import { todayOf } from './follow-ups';
import { defaultLocale } from './languages';
import { userError } from './user-error';

/** Who changed the plan: an e-mail (or platform:user-id) and the surface it came from. */
export interface Editor {
  by: string;
  source: string;
  /** The editor's language: what the card's status line and the note back are written in. */
  locale?: Locale;
}

export interface PlanEdit {
  card: Card;
  /** What happened, in one line (also the card's status line). */
  message: string;
}

/** `/plan <account>`: the account's success plan card, or the lookup's choices. */
export async function planAnswer(
  ctx: AppContext,
  query: string,
  locale: Locale = defaultLocale(ctx),
): Promise<Card> {
  const found = await lookupAccount(ctx, query);
  if (found.kind === 'found') return planCardOf(ctx, found.account, undefined, locale);
  const answer = await healthAnswer(ctx, query, locale);
  const hint =
    found.kind === 'ambiguous'
      ? t(locale, 'plan.ambiguous', { query })
      : t(locale, 'noMatch.text', { query });
  return {
    ...answer.card,
    blocks: [{ type: 'status', text: [{ text: hint }] }, ...answer.card.blocks],
  };
}

export async function planCardById(
  ctx: AppContext,
  accountId: number,
  note?: string,
  locale: Locale = defaultLocale(ctx),
): Promise<Card> {
  const account = await getAccount(ctx.db, accountId);
  if (!account) throw userError('unknown_account', 'account.gone');
  return planCardOf(ctx, account, note, locale);
}

async function planCardOf(
  ctx: AppContext,
  account: Account,
  note: string | undefined,
  locale: Locale,
): Promise<Card> {
  return planCard(await planViewOf(ctx, account), note, locale);
}

/** The plan as the card (and /prep) show it. */
export async function planViewOf(ctx: AppContext, account: Account): Promise<PlanView> {
  const today = todayOf(ctx);
  const stored = await planOf(ctx.db, account.id);
  const milestones = stored.milestones.map((m) => ({
    id: m.id,
    title: m.title,
    dueOn: m.due_on,
    ownerEmail: m.owner_email,
    status: m.status,
  }));
  return {
    accountId: account.id,
    accountName: account.name,
    today,
    goals: stored.goals.map((g) => ({
      id: g.id,
      outcome: g.outcome,
      measure: g.measure,
      targetOn: g.target_on,
    })),
    milestones,
    progress: planProgress(milestones, today),
    lastChange: stored.lastChange ? lastChangeOf(stored.lastChange) : null,
  };
}

/** The latest change as the card words it, in the reader's language (plan-card). */
function lastChangeOf(c: PlanChange): PlanView['lastChange'] {
  const d = c.details as { title?: string; to?: MilestoneStatus };
  return {
    subject: c.subject,
    title: d.title ?? '',
    change: c.change === 'status' && !d.to ? 'edited' : c.change,
    ...(c.change === 'status' && d.to ? { to: d.to } : {}),
    by: c.by,
    on: c.at.toISOString().slice(0, 10),
  };
}

const clean = (text: string | null | undefined): string => cleanChatText(text ?? '').trim();
const cleanOrNull = (text: string | null | undefined): string | null => clean(text) || null;

// The forms check first, in the person's language; this guards the other callers (API, CLI).
// The message is English for the API (a client has no reader language); the CLI and chat say
// the first problem from `msg` in the reader's language (one fix at a time).
function refuse(problems: Record<string, Msg>): void {
  const all = Object.values(problems);
  const first = all[0];
  if (!first) return;
  throw new TendError('plan_invalid', all.map((m) => tm('en', m)).join(' '), 1, first);
}

export interface SaveGoal {
  accountId: number;
  /** Absent: a new goal. */
  goalId?: number | undefined;
  fields: GoalInput;
  editor: Editor;
  /** The form's id (Slack view id, Teams form id): a retried Save changes nothing more. */
  requestKey: string;
}

/** Adds or edits a goal, recording who and when; checked the same from every surface. */
export async function saveGoal(ctx: AppContext, input: SaveGoal): Promise<PlanEdit> {
  const fields: GoalInput = {
    outcome: clean(input.fields.outcome),
    measure: cleanOrNull(input.fields.measure),
    targetOn: cleanOrNull(input.fields.targetOn),
  };
  refuse(goalProblems(fields));
  const now = ctx.clock.now();
  const locale = input.editor.locale ?? defaultLocale(ctx);
  const message = await ctx.db.transaction().execute(async (trx) => {
    if (!(await lockPlan(trx, input.accountId))) {
      throw userError('unknown_account', 'account.gone');
    }
    const { editor } = input;
    if (input.goalId === undefined) {
      if ((await countPlan(trx, input.accountId)).goals >= PLAN_LIMITS.goals) {
        throw userError('plan_full', 'plan.fullGoals', { max: PLAN_LIMITS.goals });
      }
      const goal = await insertGoal(trx, input.accountId, fields, editor.by, now, input.requestKey);
      if (!goal) return t(locale, 'plan.note.alreadyAdded');
      await recordPlanChange(trx, {
        accountId: input.accountId,
        subject: 'goal',
        subjectId: goal.id,
        change: 'added',
        details: { title: goal.outcome, measure: goal.measure, target: goal.target_on },
        by: editor.by,
        source: editor.source,
        at: now,
        requestKey: null,
      });
      return t(locale, 'plan.note.goalAdded', { title: goal.outcome });
    }
    const old = await getGoal(trx, input.goalId);
    if (!old || old.account_id !== input.accountId) {
      throw userError('unknown_goal', 'plan.goalGone');
    }
    if (await changeExists(trx, input.requestKey)) return t(locale, 'plan.note.alreadySaved');
    await updateGoal(trx, old.id, fields, editor.by, now);
    await recordPlanChange(trx, {
      accountId: input.accountId,
      subject: 'goal',
      subjectId: old.id,
      change: 'edited',
      details: { title: fields.outcome, measure: fields.measure, target: fields.targetOn },
      by: editor.by,
      source: editor.source,
      at: now,
      requestKey: input.requestKey,
    });
    return t(locale, 'plan.note.goalSaved', { title: fields.outcome });
  });
  return { message, card: await planCardById(ctx, input.accountId, message, locale) };
}

export interface SaveMilestone {
  accountId: number;
  milestoneId?: number | undefined;
  fields: MilestoneInput;
  editor: Editor;
  requestKey: string;
}

/**
 * Adds or edits a milestone and its linked follow-up (same title, owner, due day; open while
 * the milestone is planned or in progress), recording who and when.
 */
export async function saveMilestone(ctx: AppContext, input: SaveMilestone): Promise<PlanEdit> {
  const fields: MilestoneInput = {
    title: clean(input.fields.title),
    dueOn: clean(input.fields.dueOn),
    ownerEmail: cleanOrNull(input.fields.ownerEmail)?.toLowerCase() ?? null,
    status: input.fields.status,
  };
  refuse(milestoneProblems(fields));
  const now = ctx.clock.now();
  const { editor } = input;
  const locale = editor.locale ?? defaultLocale(ctx);
  const message = await ctx.db.transaction().execute(async (trx) => {
    if (!(await lockPlan(trx, input.accountId))) {
      throw userError('unknown_account', 'account.gone');
    }
    if (input.milestoneId === undefined) {
      if ((await countPlan(trx, input.accountId)).milestones >= PLAN_LIMITS.milestones) {
        throw userError('plan_full', 'plan.fullMilestones', { max: PLAN_LIMITS.milestones });
      }
      const m = await insertMilestone(
        trx,
        input.accountId,
        fields,
        editor.by,
        now,
        input.requestKey,
      );
      if (!m) return t(locale, 'plan.note.alreadyAdded');
      const { followUp } = await createFollowUp(trx, {
        accountId: input.accountId,
        title: followUpTitleOf(m.title),
        ownerEmail: m.owner_email,
        dueOn: m.due_on,
        createdBy: editor.by,
        source: 'plan',
        requestKey: `plan:milestone:${m.id}`,
      });
      await updateMilestone(trx, m.id, { followUpId: followUp.id }, editor.by, now);
      if (!isOpenStatus(m.status)) await linkFollowUp(trx, followUp.id, m, editor.by, now);
      await recordPlanChange(trx, {
        accountId: input.accountId,
        subject: 'milestone',
        subjectId: m.id,
        change: 'added',
        details: { title: m.title, due: m.due_on, owner: m.owner_email, status: m.status },
        by: editor.by,
        source: editor.source,
        at: now,
        requestKey: null,
      });
      return t(locale, 'plan.note.milestoneAdded', { title: m.title });
    }
    const old = await getMilestone(trx, input.milestoneId);
    if (!old || old.account_id !== input.accountId) {
      throw userError('unknown_milestone', 'plan.milestoneGone');
    }
    if (await changeExists(trx, input.requestKey)) return t(locale, 'plan.note.alreadySaved');
    const m = await updateMilestone(trx, old.id, fields, editor.by, now);
    if (m?.follow_up_id) await linkFollowUp(trx, m.follow_up_id, m, editor.by, now);
    await recordPlanChange(trx, {
      accountId: input.accountId,
      subject: 'milestone',
      subjectId: old.id,
      change: old.status === fields.status ? 'edited' : 'status',
      details: {
        title: fields.title,
        due: fields.dueOn,
        owner: fields.ownerEmail,
        from: old.status,
        to: fields.status,
      },
      by: editor.by,
      source: editor.source,
      at: now,
      requestKey: input.requestKey,
    });
    return t(locale, 'plan.note.milestoneSaved', { title: fields.title });
  });
  return { message, card: await planCardById(ctx, input.accountId, message, locale) };
}

function linkFollowUp(
  db: Db,
  followUpId: number,
  m: { title: string; owner_email: string | null; due_on: string; status: MilestoneStatus },
  by: string,
  at: Date,
): Promise<void> {
  return syncLinkedFollowUp(
    db,
    followUpId,
    {
      title: followUpTitleOf(m.title),
      ownerEmail: m.owner_email,
      dueOn: m.due_on,
      open: isOpenStatus(m.status),
    },
    by,
    at,
  );
}

/** Done / In progress from the card: once; a second click says it already is. */
export async function setMilestoneStatus(
  ctx: AppContext,
  milestoneId: number,
  status: MilestoneStatus,
  editor: Editor,
): Promise<PlanEdit> {
  const now = ctx.clock.now();
  const locale = editor.locale ?? defaultLocale(ctx);
  const statusWords = statusWordsIn(locale, status);
  const result = await ctx.db.transaction().execute(async (trx) => {
    const old = await getMilestone(trx, milestoneId);
    if (!old) throw userError('unknown_milestone', 'plan.milestoneGone');
    await lockPlan(trx, old.account_id);
    const current = await getMilestone(trx, milestoneId);
    if (!current) throw userError('unknown_milestone', 'plan.milestoneGone');
    if (current.status === status) {
      return {
        accountId: current.account_id,
        message: t(locale, 'plan.note.alreadyStatus', {
          status: statusWords,
          title: current.title,
        }),
      };
    }
    const m = await updateMilestone(trx, current.id, { status }, editor.by, now);
    if (m?.follow_up_id) await linkFollowUp(trx, m.follow_up_id, m, editor.by, now);
    await recordPlanChange(trx, {
      accountId: current.account_id,
      subject: 'milestone',
      subjectId: current.id,
      change: 'status',
      details: { title: current.title, from: current.status, to: status },
      by: editor.by,
      source: editor.source,
      at: now,
      requestKey: null,
    });
    return {
      accountId: current.account_id,
      message: t(locale, 'plan.note.statusSet', {
        done: status === 'done' ? 'yes' : 'no',
        title: current.title,
        status: statusWords,
      }),
    };
  });
  return {
    message: result.message,
    card: await planCardById(ctx, result.accountId, result.message, locale),
  };
}

/**
 * A milestone's follow-up marked done (from /followups, App Home, the account's follow-ups)
 * marks the milestone done too, in the same transaction, recorded as a plan change.
 */
export async function milestoneDoneWithFollowUp(
  trx: Db,
  followUpId: number,
  by: string,
  at: Date,
): Promise<void> {
  const m = await milestoneOfFollowUp(trx, followUpId);
  if (!m || !isOpenStatus(m.status)) return;
  await updateMilestone(trx, m.id, { status: 'done' }, by, at);
  await recordPlanChange(trx, {
    accountId: m.account_id,
    subject: 'milestone',
    subjectId: m.id,
    change: 'status',
    details: { title: m.title, from: m.status, to: 'done', via: 'follow-up' },
    by,
    source: 'follow-up',
    at,
    requestKey: null,
  });
}

/**
 * Editing keeps the owner unless changed: Teams shows the e-mail; Slack's picker shows the
 * owner's Slack user when Tend has seen them (else it starts empty, and must be picked).
 */
async function ownerOnEdit(
  ctx: AppContext,
  owner: OwnerField,
  email: string | null,
): Promise<OwnerField> {
  if (owner.kind === 'email') return email ? { kind: 'email', initial: email } : { kind: 'email' };
  const id = email ? await chatUserIdByEmail(ctx.db, 'slack', email) : null;
  return id ? { kind: 'user', initial: id } : { kind: 'user' };
}

type FormAnswer = { form: Card } | { note: string };

/** The goal form (empty to add one, filled to edit `goalId`), or why not. */
export async function goalFormFor(
  ctx: AppContext,
  accountId: number,
  goalId: number | undefined,
  save: Submit,
  locale: Locale = defaultLocale(ctx),
): Promise<FormAnswer> {
  const account = await getAccount(ctx.db, accountId);
  if (!account) return { note: t(locale, 'account.gone') };
  if (goalId === undefined) return { form: goalForm(account.name, save, undefined, locale) };
  const g = await getGoal(ctx.db, goalId);
  if (!g || g.account_id !== accountId) return { note: t(locale, 'plan.goalGone') };
  return {
    form: goalForm(
      account.name,
      save,
      { outcome: g.outcome, measure: g.measure, targetOn: g.target_on },
      locale,
    ),
  };
}

/** The milestone form (empty to add one, filled to edit `milestoneId`), or why not. */
export async function milestoneFormFor(
  ctx: AppContext,
  accountId: number,
  milestoneId: number | undefined,
  save: Submit,
  owner: OwnerField,
  locale: Locale = defaultLocale(ctx),
): Promise<FormAnswer> {
  const account = await getAccount(ctx.db, accountId);
  if (!account) return { note: t(locale, 'account.gone') };
  if (milestoneId === undefined) {
    return { form: milestoneForm(account.name, save, owner, undefined, locale) };
  }
  const m = await getMilestone(ctx.db, milestoneId);
  if (!m || m.account_id !== accountId) return { note: t(locale, 'plan.milestoneGone') };
  return {
    form: milestoneForm(
      account.name,
      save,
      await ownerOnEdit(ctx, owner, m.owner_email),
      { title: m.title, dueOn: m.due_on, ownerEmail: m.owner_email, status: m.status },
      locale,
    ),
  };
}

/** GET /api/v1/accounts/:externalId/plan: the plan and its change history, or null. */
export async function planExport(ctx: AppContext, externalId: string) {
  const account = await findByExternalId(ctx.db, externalId);
  if (!account) return null;
  const [plan, changes] = await Promise.all([
    planOf(ctx.db, account.id),
    planChanges(ctx.db, account.id),
  ]);
  const milestones = plan.milestones.map((m) => ({
    id: m.id,
    title: m.title,
    dueOn: m.due_on,
    owner: m.owner_email,
    status: m.status,
    followUpId: m.follow_up_id,
    createdBy: m.created_by,
    createdAt: m.created_at.toISOString(),
    updatedBy: m.updated_by,
    updatedAt: m.updated_at.toISOString(),
  }));
  return {
    account: { externalId: account.external_id, name: account.name },
    progress: planProgress(
      milestones.map((m) => ({ ...m, ownerEmail: m.owner })),
      todayOf(ctx),
    ),
    goals: plan.goals.map((g) => ({
      id: g.id,
      outcome: g.outcome,
      measure: g.measure,
      targetOn: g.target_on,
      createdBy: g.created_by,
      createdAt: g.created_at.toISOString(),
      updatedBy: g.updated_by,
      updatedAt: g.updated_at.toISOString(),
    })),
    milestones,
    changes: changes.map((c) => ({
      subject: c.subject,
      subjectId: c.subject_id,
      change: c.change,
      details: c.details,
      by: c.by,
      source: c.source,
      at: c.at.toISOString(),
    })),
  };
}
