import { t } from '../cards/i18n/t';
import type { Card } from '../cards/model';
import { noticeCard } from '../cards/notice-card';
import { type PlaybookCardView, playbookCard } from '../cards/playbook-card';
import { playbookWordsIn } from '../cards/playbook-words';
import type { Db } from '../db/schema';
import type { Alert } from '../db/tables/alerts';
import type { Locale } from '../domain/locale';
import { type Playbook, playbookTitle, type TriggerType } from '../domain/playbooks/model';
import { anchorDayOf, planSteps } from '../domain/playbooks/plan';
import { enqueue, postsOfAccount } from '../store/outbox';
import type { NewMessage } from '../store/outbox-message';
import {
  type Candidate,
  candidatesById,
  getRun,
  type RunStart,
  type RunView,
  runsById,
  startRuns,
  stateCandidates,
  tickStep,
} from '../store/playbooks';
import type { Actor } from './alert-actions';
import { notBeforeFor } from './away';
import { type AppContext, localDay } from './context';
import { targetResolver } from './delivery-targets';
import { channelLocales, defaultLocale } from './languages';
import { userError } from './user-error';

/** The dedupe key prefix of every post of a run, so a tick can rewrite them all. */
export const runKey = (runId: number) => `playbook:${runId}:`;

const playbooks = (ctx: AppContext, type: TriggerType) =>
  ctx.config.settings.playbooks.filter((p) => p.trigger.type === type);

function viewOf(ctx: AppContext, r: RunView, locale: Locale): PlaybookCardView {
  const now = ctx.clock.now();
  return {
    run: {
      title: playbookWordsIn(locale, r.title),
      version: r.version,
      trigger: r.trigger,
      completedAt: r.completed_at,
    },
    account: { name: r.account_name },
    steps: r.steps.map((s) => ({
      id: s.id,
      title: playbookWordsIn(locale, s.title),
      owner: s.owner_email,
      dueOn: s.due_on,
      doneAt: s.done_at,
      doneBy: s.done_by,
    })),
    today: localDay(ctx, now),
    timeZone: ctx.config.settings.timezone,
    now,
    locale,
  };
}

export const runCard = (ctx: AppContext, r: RunView, locale: Locale = defaultLocale(ctx)) =>
  playbookCard(viewOf(ctx, r, locale));

/** One playbook for one account and occurrence, planned at the playbook's current version. */
function startOf(
  ctx: AppContext,
  p: Playbook,
  c: Candidate,
  occurrence: string,
  startedBy: string | null,
  today: string,
): RunStart {
  const account = {
    tier: c.tier,
    segment: c.segment,
    arr: c.arr,
    ownerEmail: c.owner_email,
  };
  return {
    accountId: Number(c.id),
    playbook: p.name,
    version: p.version,
    title: playbookTitle(p),
    trigger: p.trigger.type,
    occurrence,
    startedBy,
    steps: planSteps(
      p,
      account,
      anchorDayOf(p, today, c.renewal_date),
      ctx.config.settings.managers,
    ),
  };
}

export interface StartSummary {
  started: number;
  messages: number;
  runIds: number[];
}

/**
 * Starts the runs (each once per occurrence: see store startRuns) and enqueues each new run's
 * checklist card where the account's alerts go, in the caller's transaction.
 */
async function startAndPost(ctx: AppContext, trx: Db, starts: RunStart[]): Promise<StartSummary> {
  const now = ctx.clock.now();
  const runIds = await startRuns(trx, starts, now);
  if (runIds.length === 0) return { started: 0, messages: 0, runIds };
  const runs = await runsById(trx, runIds);
  const targets = await targetResolver(trx, 'alerts', now, ctx.config.settings.teams);
  const localeOf = await channelLocales({ ...ctx, db: trx });
  const messages: NewMessage<Card>[] = runs.flatMap((r) =>
    targets({ ...r, id: r.account_id }).map((t) => ({
      platform: t.platform,
      channelId: t.channelId,
      notBefore: notBeforeFor(ctx, t, now),
      dedupeKey: `${runKey(r.id)}post:${t.platform}:${t.channelId}`,
      payload: {
        op: 'post' as const,
        kind: 'playbook',
        card: runCard(ctx, r, localeOf(t.platform, t.channelId)),
      },
      accountId: r.account_id,
    })),
  );
  await enqueue(trx, messages, now);
  return { started: runIds.length, messages: messages.length, runIds };
}

/** Alerts just opened start the playbooks triggered by their rule (one run per alert). */
export async function startForAlerts(
  ctx: AppContext,
  trx: Db,
  alerts: readonly Pick<Alert, 'id' | 'account_id' | 'rule'>[],
): Promise<StartSummary> {
  const byRule = playbooks(ctx, 'rule');
  const hits = alerts.flatMap((a) =>
    byRule
      .filter((p) => p.trigger.type === 'rule' && p.trigger.rule === a.rule)
      .map((p) => ({ p, accountId: a.account_id, occurrence: `alert:${a.id}` })),
  );
  return startFor(ctx, trx, hits, null);
}

/** NPS detractor loops just opened start the `nps_loop` playbooks (one run per loop). */
export async function startForLoops(
  ctx: AppContext,
  trx: Db,
  loops: readonly { id: number; account_id: number; reason: string }[],
): Promise<StartSummary> {
  // Low CSAT and passives have loops of their own but are not detractors to recover.
  const detractors = loops.filter((l) => l.reason === 'detractor');
  const hits = playbooks(ctx, 'nps_loop').flatMap((p) =>
    detractors.map((l) => ({ p, accountId: l.account_id, occurrence: `loop:${l.id}` })),
  );
  return startFor(ctx, trx, hits, null);
}

async function startFor(
  ctx: AppContext,
  trx: Db,
  hits: { p: Playbook; accountId: number; occurrence: string }[],
  startedBy: string | null,
): Promise<StartSummary> {
  if (hits.length === 0) return { started: 0, messages: 0, runIds: [] };
  const accounts = new Map(
    (await candidatesById(trx, [...new Set(hits.map((h) => h.accountId))])).map((c) => [
      Number(c.id),
      c,
    ]),
  );
  const today = localDay(ctx, ctx.clock.now());
  const starts = hits.flatMap((h) => {
    const c = accounts.get(h.accountId);
    return c ? [startOf(ctx, h.p, c, h.occurrence, startedBy, today)] : [];
  });
  return startAndPost(ctx, trx, starts);
}

export interface PlaybookJobSummary extends Omit<StartSummary, 'runIds'> {
  day: string;
  candidates: number;
}

/**
 * The triggers that are states, not events: renewal windows, new accounts and band changes,
 * over every account in one set-based statement (not one per trigger type, account or
 * playbook) that leaves out every occurrence already started, then one insert of the runs.
 * A steady-state run (everything already started) plans and writes nothing. Safe to run any
 * number of times and on any number of replicas: each occurrence starts once (the insert's
 * ON CONFLICT still settles two replicas racing on the same new occurrence).
 */
export async function runPlaybookJob(ctx: AppContext): Promise<PlaybookJobSummary> {
  const now = ctx.clock.now();
  const today = localDay(ctx, now);
  const byName = new Map(ctx.config.settings.playbooks.map((p) => [p.name, p]));
  const renewal = playbooks(ctx, 'renewal').flatMap((p) =>
    p.trigger.type === 'renewal' ? [{ name: p.name, daysBefore: p.trigger.daysBefore }] : [],
  );
  const fresh = playbooks(ctx, 'new_account').flatMap((p) =>
    p.trigger.type === 'new_account' ? [{ name: p.name, withinDays: p.trigger.withinDays }] : [],
  );
  const band = playbooks(ctx, 'band_change').flatMap((p) =>
    p.trigger.type === 'band_change' ? [{ name: p.name, to: p.trigger.to }] : [],
  );
  const candidates = await stateCandidates(ctx.db, today, { renewal, fresh, band });
  const starts = candidates.flatMap((c) => {
    const p = byName.get(c.playbook);
    return p ? [startOf(ctx, p, c, c.occurrence, null, today)] : [];
  });
  const started =
    starts.length === 0
      ? { started: 0, messages: 0 }
      : await ctx.db.transaction().execute((trx) => startAndPost(ctx, trx, starts));
  return {
    day: today,
    candidates: starts.length,
    started: started.started,
    messages: started.messages,
  };
}

/**
 * `/play <account> <playbook>`: starts the playbook now (once per request: a retried command
 * starts nothing more) and answers with its checklist; the card is also posted where the
 * account's alerts go.
 */
export async function startManually(
  ctx: AppContext,
  accountId: number,
  name: string,
  startedBy: string,
  requestKey: string,
  locale: Locale = defaultLocale(ctx),
): Promise<{ card: Card; started: boolean }> {
  const p = ctx.config.settings.playbooks.find((x) => x.name === name.toLowerCase());
  if (!p) {
    const names = ctx.config.settings.playbooks.map((x) => x.name).join(', ');
    throw userError('unknown_playbook', 'playbook.unknown', { name, names });
  }
  const result = await ctx.db
    .transaction()
    .execute((trx) =>
      startFor(ctx, trx, [{ p, accountId, occurrence: `manual:${requestKey}` }], startedBy),
    );
  const runId =
    result.runIds[0] ??
    (
      await ctx.db
        .selectFrom('playbook_runs')
        .select('id')
        .where('playbook', '=', p.name)
        .where('account_id', '=', accountId)
        .where('occurrence', '=', `manual:${requestKey}`)
        .executeTakeFirst()
    )?.id;
  const run = runId === undefined ? undefined : await getRun(ctx.db, runId);
  if (!run) throw userError('playbook_not_started', 'playbook.notStarted');
  return { card: runCard(ctx, run, locale), started: result.started > 0 };
}

export interface TickResult {
  changed: boolean;
  card: Card;
  message: string;
}

/**
 * A Done click: the step is ticked once (a second click says who ticked it) and every posted
 * copy of the checklist is rewritten through the outbox, in one transaction.
 */
export async function tickPlaybookStep(
  ctx: AppContext,
  stepId: number,
  actor: Actor,
  locale: Locale = defaultLocale(ctx),
): Promise<TickResult> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const ticked = await tickStep(trx, stepId, actor.name, now);
    if (!ticked) throw userError('step_not_found', 'playbook.stepGone');
    const run = (await getRun(trx, ticked.runId))!;
    const card = runCard(ctx, run, locale);
    const step = run.steps.find((s) => s.id === stepId)!;
    if (!ticked.ticked) {
      return {
        changed: false,
        card,
        message: t(locale, 'click.stepAlreadyTicked', {
          who: step.done_by ?? t(locale, 'alert.someone'),
        }),
      };
    }
    const posts = (await postsOfAccount(trx, run.account_id, runKey(run.id))).filter(
      (p) => p.status !== 'failed',
    );
    const localeOf = await channelLocales({ ...ctx, db: trx });
    await enqueue(
      trx,
      posts.map((p) => ({
        platform: p.platform,
        channelId: p.channel_id,
        dedupeKey: `${runKey(run.id)}update:${stepId}:${p.id}`,
        payload: {
          op: 'update' as const,
          kind: 'playbook',
          of: p.dedupe_key,
          card: runCard(ctx, run, localeOf(p.platform, p.channel_id)),
        },
        accountId: run.account_id,
      })),
      now,
    );
    return {
      changed: true,
      card,
      message: t(locale, 'click.stepTicked', { title: playbookWordsIn(locale, step.title) }),
    };
  });
}

export async function playbookCardById(
  ctx: AppContext,
  runId: number,
  locale: Locale = defaultLocale(ctx),
): Promise<Card> {
  const run = await getRun(ctx.db, runId);
  return run
    ? runCard(ctx, run, locale)
    : noticeCard(t(locale, 'playbook.title'), t(locale, 'playbook.gone'), locale);
}
