import { alertSummaryCard } from '../../src/cards/alert-summary-card';
import { catchUpCard } from '../../src/cards/catch-up-card';
import {
  followUpForm,
  loopNoteForm,
  noteForm,
  reviewForm,
  snoozeUntilForm,
} from '../../src/cards/forms';
import { homeCard } from '../../src/cards/home-card';
import { logMessageForm } from '../../src/cards/log-message-form';
import { loopCard, loopsCard } from '../../src/cards/loop-card';
import { type Card, submit } from '../../src/cards/model';
import { opportunityCard } from '../../src/cards/opportunity-card';
import { planCard } from '../../src/cards/plan-card';
import { goalForm, milestoneForm } from '../../src/cards/plan-forms';
import { playbookCard } from '../../src/cards/playbook-card';
import { prepCard } from '../../src/cards/prep-card';
import { type RoutingView, routingCard, routingForm } from '../../src/cards/routing-card';
import { statsCard } from '../../src/cards/stats-card';
import { checkInsList, timelineCard, touchLoggedCard } from '../../src/cards/timeline-card';
import type { Locale } from '../../src/domain/locale';
import type { PeriodFigures, TeamMetrics } from '../../src/domain/metrics';
import { healthStory, usageFigures } from '../../src/domain/prep/brief';
import { talkingPoints } from '../../src/domain/prep/talking-points';

// Every feature card of wt/i18nb built from one set of facts, in a given language and with a
// given account name (the limits test passes a very long Chinese one).

const NOW = new Date('2026-12-06T09:00:00Z');
const TODAY = '2026-12-06';
const save = submit('Save', 'plan.goal.save' as never, {} as never);

function figures(from: string, to: string): PeriodFigures {
  return {
    days: { from, to },
    alerts: {
      opened: 12,
      acknowledged: 10,
      resolved: 8,
      ackMedianHours: 0.5,
      ackP90Hours: 30,
      firstTouchMedianHours: 60,
    },
    loops: { due: 4, closedOnTime: 3, onTimeRate: 75 },
    followUps: { done: 9, overdue: 2 },
    renewals: {
      won: { count: 2, arr: 200_000 },
      lost: { count: 1, arr: 50_000 },
      open: { count: 3, arr: 90_000 },
    },
    retention: { grr: 95.5, nrr: 104.2, logoChurnRate: 2.5, churned: 1, cohort: 40 },
    surveys: { nps: 32, npsAnswers: 25, csat: 88, csatAnswers: 17 },
    bands: { end: { green: 20, yellow: 10, red: 5, none: 2 }, up: 3, down: 4 },
    reasons: {
      churn: [{ reason: 'price', count: 2 }],
      save: [{ reason: 'champion_left', count: 1 }],
    },
  } as unknown as PeriodFigures;
}

export function metrics(): TeamMetrics {
  return {
    scope: { kind: 'team' },
    period: '30d',
    current: figures('2026-11-07', TODAY),
    previous: figures('2026-10-08', '2026-11-06'),
  };
}

const routing = (name: string): RoutingView => ({
  delivery: 'dm',
  scope: 'team',
  filters: 'segment=enterprise',
  hours: '09:00-18:00',
  quiet: null,
  timeZone: 'Asia/Shanghai',
  zoneIsOwn: false,
  follows: [{ accountId: 1, name }],
});

function prep(name: string, locale: Locale): Card {
  const usage = usageFigures(
    { days: 90, activeUsers: 20, logins: 500, featuresUsed: 3, featuresTotal: 10 },
    { days: 90, activeUsers: 40, logins: 900, featuresUsed: 6, featuresTotal: 10 },
  );
  const story = healthStory(
    [
      { day: '2026-10-01', score: 80, band: 'green' },
      { day: '2026-11-20', score: 45, band: 'yellow' },
    ] as never,
    null as never,
  );
  const surveys = [
    {
      kind: 'nps' as const,
      score: 3,
      respondent: '王总',
      comment: `太贵了：${name}`,
      day: '2026-11-02',
    },
  ];
  const points = talkingPoints({
    today: TODAY,
    band: 'yellow',
    story,
    drivers: ['logins fell 44%'],
    usage,
    renewal: { date: '2027-01-15', arr: 120_000 },
    tickets: { urgent: 1, high: 2, oldestOpenDays: 12 },
    surveys,
    plan: { milestones: 0, overdue: [] },
    expansion: [],
  });
  return prepCard(
    {
      accountId: 1,
      accountName: name,
      owner: '王小明@example.cn',
      today: TODAY,
      period: { from: '2026-09-08', to: TODAY },
      previous: { from: '2026-06-10', to: '2026-09-07' },
      story,
      drivers: ['logins fell 44%'],
      usage,
      featuresTotal: 10,
      tickets: {
        open: 5,
        urgent: 1,
        high: 2,
        top: [{ subject: `导出失败 ${name}`, priority: 'urgent', openedOn: '2026-11-24' }],
      },
      surveys,
      plan: { progress: { total: 0, done: 0, overdue: 0, next: null }, goals: [] },
      renewal: { date: '2027-01-15', daysLeft: 40, arr: 120_000 },
      arr: 120_000,
      alerts: { total: 1, top: [{ summary: `活跃用户下降 ${name}`, status: 'open' }] },
      expansion: [],
      talkingPoints: points,
      chart: null,
    },
    locale,
  );
}

/** Each card by name, in `locale`, about an account called `name`. */
export function featureCards(name: string, locale: Locale): [string, Card][] {
  const loopView = {
    loop: {
      id: 1,
      reason: 'detractor' as const,
      dueAt: new Date('2026-12-07T09:00:00Z'),
      escalatedAt: null,
      closedAt: null,
      outcome: null,
      note: null,
      closedBy: null,
    },
    answer: {
      kind: 'nps' as const,
      score: 3,
      respondent: '王总',
      comment: `太贵了 ${name}`,
      answeredOn: '2026-12-05',
    },
    account: { name, owner: '王小明', arr: 9_900_000 },
    timeZone: 'Asia/Shanghai',
    now: NOW,
    locale,
  };
  const line = {
    id: 1,
    accountName: name,
    reason: 'low_csat' as const,
    answer: loopView.answer,
    dueAt: new Date('2026-12-05T09:00:00Z'),
  };
  const milestones = Array.from({ length: 12 }, (_, i) => ({
    id: i + 1,
    title: `里程碑 ${i}：${name}`.slice(0, 120),
    dueOn: '2026-12-01',
    ownerEmail: '王小明@example.cn',
    status: 'planned' as const,
  }));
  return [
    ['stats', statsCard({ metrics: metrics(), who: { kind: 'team' }, today: TODAY, locale })],
    ['loop', loopCard(loopView)],
    ['loops', loopsCard([line, line], 30, 'mine', NOW, 'Asia/Shanghai', locale)],
    [
      'plan',
      planCard(
        {
          accountId: 1,
          accountName: name,
          today: TODAY,
          goals: [
            {
              id: 1,
              outcome: `上手时间减半 ${name}`,
              measure: '20 → 10 天',
              targetOn: '2027-03-01',
            },
          ],
          milestones,
          progress: {
            total: 12,
            done: 0,
            overdue: 12,
            next: { title: milestones[0]!.title, due: '2026-12-01', owner: null },
          },
          lastChange: {
            subject: 'milestone',
            title: milestones[0]!.title,
            change: 'status',
            to: 'done',
            by: 'ann@example.com',
            on: '2026-11-20',
          },
        },
        undefined,
        locale,
      ),
    ],
    ['goal form', goalForm(name, save, undefined, locale)],
    ['milestone form', milestoneForm(name, save, { kind: 'user' }, undefined, locale)],
    ['prep', prep(name, locale)],
    [
      'timeline',
      timelineCard({
        accountName: name,
        days: 90,
        items: Array.from({ length: 15 }, (_, i) => ({
          at: NOW,
          kind: i % 2 ? 'call' : 'alert-resolved',
          text: `${name} 的电话 ${i}`,
          by: '李华',
          link: null,
        })) as never,
        total: 40,
        now: NOW,
        timeZone: 'Asia/Shanghai',
        locale,
      }),
    ],
    ['touch logged', touchLoggedCard(name, 'call', '与 CFO 通话', true, locale)],
    [
      'playbook',
      playbookCard({
        run: { title: '上线引导', version: 1, trigger: 'new_account', completedAt: null },
        account: { name },
        steps: [
          {
            id: 1,
            title: '启动会议',
            owner: null,
            dueOn: '2026-12-01',
            doneAt: null,
            doneBy: null,
          },
          {
            id: 2,
            title: '数据准备',
            owner: '李华',
            dueOn: '2026-12-08',
            doneAt: NOW,
            doneBy: '李华',
          },
        ],
        today: TODAY,
        timeZone: 'Asia/Shanghai',
        now: NOW,
        locale,
      }),
    ],
    [
      'home',
      homeCard(
        name,
        {
          rows: Array.from({ length: 30 }, (_, i) => ({
            id: i + 1,
            name: `${name}${i}`,
            arr: 100_000,
            renewalDate: '2027-01-15',
            ownerEmail: null,
            score: 40,
            band: 'red' as const,
          })),
          total: 40,
        },
        {
          rows: Array.from({ length: 30 }, (_, i) => ({
            id: i + 1,
            accountId: 1,
            accountName: name,
            title: `发送季度业务回顾报告 ${i}`,
            dueOn: '2026-12-01',
            ownerEmail: null,
          })),
          total: 30,
        },
        {
          rows: Array.from({ length: 20 }, (_, i) => ({
            id: i + 1,
            accountId: 1,
            accountName: name,
            rule: 'usage_decline',
            summary: `活跃用户下降 40% ${i}`,
            status: 'acknowledged',
          })),
          total: 20,
        },
        TODAY,
        { rows: [line], total: 1, now: NOW, timeZone: 'Asia/Shanghai' },
        checkInsList(
          [
            {
              accountId: 1,
              name,
              tier: '白金',
              cadenceDays: 14,
              lastTouchAt: null,
              overdueDays: 3,
            } as never,
          ],
          10,
          NOW,
          'Asia/Shanghai',
          locale,
        ),
        routing(name),
        locale,
      ),
    ],
    ['routing', routingCard(routing(name), locale)],
    ['routing form', routingForm(routing(name), save, locale)],
    [
      'catch-up',
      catchUpCard(
        [
          { accountId: 1, accountName: name, summary: '活跃用户下降', status: 'resolved' },
          { accountId: 2, accountName: name, summary: '贬损者 NPS', status: 'open' },
        ],
        locale,
      ),
    ],
    [
      'alert summary',
      alertSummaryCard(
        Array.from({ length: 30 }, (_, i) => ({
          accountId: i,
          accountName: name,
          severity: 'warning',
          summary: `活跃用户下降 ${i}`,
        })),
        20,
        locale,
      ),
    ],
    [
      'opportunity',
      opportunityCard({
        account: { name, owner: '王小明', arr: 500_000 },
        rule: 'seats_high',
        summary: '席位使用率 95%',
        potential: 100_000,
        upliftPct: 20,
        createdBy: '李华',
        locale,
      }),
    ],
    ['follow-up form', followUpForm({ name }, { save, maxTitle: 500, owner: 'U1', locale })],
    ['note form', noteForm(name, save, 500, locale)],
    ['snooze form', snoozeUntilForm(name, save, '2026-12-07', locale)],
    [
      'loop note form',
      loopNoteForm(
        { accountName: name, outcomeWords: '已联系', answerWords: 'NPS 3' },
        save,
        locale,
      ),
    ],
    [
      'review form',
      reviewForm(
        { accountName: name, kind: 'churn', reasons: [{ label: '价格', value: 'price' }] },
        save,
        locale,
      ),
    ],
    ['log form', logMessageForm('客户说下周续约', save, name, locale)],
  ];
}
