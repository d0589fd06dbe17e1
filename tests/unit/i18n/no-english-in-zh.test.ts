import { describe, expect, it } from 'vitest';
import { failureReply, tooLongCard, unavailableReply } from '../../../src/app/chat-commands';
import { noEmailCard } from '../../../src/app/chat-users';
import { lateReply } from '../../../src/app/late-answer';
import { refusalCard } from '../../../src/app/roles';
import { renderAdaptiveCard } from '../../../src/cards/adaptive-card';
import { renderBlocks } from '../../../src/cards/block-kit';
import { helpCard } from '../../../src/cards/help-card';
import { homeCard } from '../../../src/cards/home-card';
import { CATALOGS, type MessageKey, t } from '../../../src/cards/i18n/t';
import type { Card } from '../../../src/cards/model';
import { noticeCard } from '../../../src/cards/notice-card';
import { playbookCard } from '../../../src/cards/playbook-card';
import { playbookWordsIn } from '../../../src/cards/playbook-words';
import { problemText } from '../../../src/cards/problem-text';
import {
  modelAnswerCard,
  notUnderstoodMessage,
  questionAccountsCard,
} from '../../../src/cards/question-card';
import { describeQuestion } from '../../../src/cards/question-summary';
import { renewalCard } from '../../../src/cards/renewal-card';
import { threadReplyCard } from '../../../src/cards/thread-card';
import { timelineCard } from '../../../src/cards/timeline-card';
import type { Locale } from '../../../src/domain/locale';
import { parseCommand } from '../../../src/domain/parse/command';
import { parseQuestion } from '../../../src/domain/parse/question';
import { DEFAULT_PLAYBOOKS } from '../../../src/domain/playbooks/model';

/**
 * Every card converted to the catalogs, built in a given language. `data` lists what the card
 * shows from data (seeded names, e-mails): English there is not a leak. Cards converted later
 * join this list; the check below is the same for all.
 */
const CARD_BUILDERS: { name: string; build: (l: Locale) => Card; data?: string[] }[] = [
  { name: 'help', build: (l) => helpCard(l) },
  ...[
    'dance',
    'cs frobnicate',
    'plan',
    'note',
    'touch acme',
    'timeline',
    'followup',
    'followup acme call CFO by 2020-01-01',
    'renewals soon',
    'stats 14d',
    'stats <@U0X|x>',
    'loops everyone',
    'play acme',
  ].map((text) => ({
    name: `problem: ${text}`,
    build: (l: Locale) => {
      const cmd = parseCommand(text, '2026-11-23');
      if (cmd.kind !== 'invalid') throw new Error(`${text} parsed`);
      return helpCard(l, problemText(l, cmd.problem));
    },
    data: ['dance', 'frobnicate', 'soon', '14d', 'everyone'],
  })),
  { name: 'not understood', build: (l) => helpCard(l, notUnderstoodMessage('/renewals', l)) },
  { name: 'failure', build: (l) => failureReply(new Error('x'), l).card },
  { name: 'unavailable', build: (l) => unavailableReply(l).card },
  { name: 'too long', build: (l) => tooLongCard(l) },
  { name: 'no e-mail', build: (l) => noEmailCard(l) },
  { name: 'late: Slack', build: (l) => lateReply('platform', 'Slack', l).card, data: ['Slack'] },
  { name: 'late: other', build: (l) => lateReply('other', 'Slack', l).card },
  { name: 'refusal', build: (l) => refusalCard(t(l, 'refuse.teamStats'), l) },
  { name: 'admins only', build: (l) => refusalCard(t(l, 'refuse.adminOnlyNone.external'), l) },
  {
    name: 'thread lines',
    build: (l) =>
      threadReplyCard(
        [
          t(l, 'thread.acknowledged', { who: 'Ann Example', when: '10:02' }),
          t(l, 'thread.snoozedFor', {
            who: 'Ann Example',
            duration: t(l, 'alert.snooze.4h'),
            until: '14:02',
          }),
          t(l, 'thread.assigned', { assignee: 'Bo Li', who: 'Ann Example', when: '10:03' }),
          t(l, 'thread.resolvedSaved', { who: 'Ann Example', when: '10:04' }),
          t(l, 'thread.reminderSent', { who: 'Ann Example', hours: 24 }),
          t(l, 'alert.escalated', { hours: 4 }),
          t(l, 'thread.noteLine', { who: 'Ann Example', text: '电话改到周二' }),
        ],
        l,
      ),
    data: ['Ann Example', 'Bo Li'],
  },
  ...[false, true].map((churned) => ({
    name: churned ? 'renewal: churned' : 'renewal reminder',
    build: (l: Locale) =>
      renewalCard(
        {
          accountId: 1,
          name: 'Acme Corp',
          renewalDate: '2026-12-24',
          daysLeft: 30,
          arr: 120_000,
          owner: 'ann@example.com',
          score: 64,
          band: 'yellow',
          ...(churned ? { churned: { undoUntil: '10:12' } } : {}),
        },
        l,
      ),
    data: ['Acme Corp', 'ann@example.com'],
  })),
  // Alert summaries and timeline lines worded from their codes (wt/i18nsum).
  {
    name: 'home with alerts',
    build: (l) =>
      homeCard(
        'Ann Example',
        { rows: [], total: 0 },
        { rows: [], total: 0 },
        {
          rows: [
            {
              id: 1,
              accountId: 1,
              accountName: 'Acme Corp',
              rule: 'inactivity',
              summary: 'no login for 20 days (last on 2026-11-03)',
              summaryArgs: { key: 'noLogin', days: 20, day: '2026-11-03' },
              status: 'open',
            },
          ],
          total: 1,
        },
        '2026-11-23',
        undefined,
        undefined,
        undefined,
        l,
      ),
    data: ['Ann Example', 'Acme Corp'],
  },
  {
    name: 'timeline lines',
    build: (l) =>
      timelineCard({
        accountName: 'Acme Corp',
        days: 90,
        total: 5,
        now: new Date('2026-11-23T10:00:00Z'),
        timeZone: 'UTC',
        locale: l,
        items: [
          {
            at: new Date('2026-11-22T09:00:00Z'),
            kind: 'alert',
            text: 'no login for 20 days (last on 2026-11-03)',
            by: null,
            link: null,
            args: { key: 'noLogin', days: 20, day: '2026-11-03' },
          },
          {
            at: new Date('2026-11-21T09:00:00Z'),
            kind: 'renewal',
            text: 'Renews 2026-12-24 (30-day reminder)',
            by: null,
            link: null,
            args: { event: 'reminder', renewal: '2026-12-24', window: 30, next: null },
          },
          {
            at: new Date('2026-11-20T09:00:00Z'),
            kind: 'band',
            text: 'green → yellow (score 64)',
            by: null,
            link: null,
            args: { from: 'green', to: 'yellow', score: 64 },
          },
          {
            at: new Date('2026-11-19T09:00:00Z'),
            kind: 'follow-up',
            text: '发送季度回顾资料 (due 2026-11-30)',
            by: null,
            link: null,
            args: { title: '发送季度回顾资料', due: '2026-11-30' },
          },
          {
            at: new Date('2026-11-18T09:00:00Z'),
            kind: 'loop-closed',
            text: 'not needed: 已电话沟通',
            by: null,
            link: null,
            args: { outcome: 'not_needed', note: '已电话沟通' },
          },
        ],
      }),
    // The /touch example is what people type: a touch's kind is read from its English first word.
    data: ['Acme Corp', 'call with the CFO'],
  },
  {
    // Every note after a click and every form problem (wt/i18nchat), by its key prefix: a
    // key added later is checked without a line here.
    name: 'click notes and form problems',
    build: (l: Locale) =>
      noticeCard(
        t(l, 'click.reviewTitle'),
        (Object.keys(CATALOGS.en) as MessageKey[])
          .filter((k) => k.startsWith('click.') || k.startsWith('problem.'))
          .map((k) =>
            t(l, k, {
              title: 'Acme Corp',
              by: 'Ann Example',
              kind: 'churn',
              n: 3,
              name: 'Acme Corp',
              date: '2027-01-07',
              max: 300,
              query: 'zzqq',
              names: 'Acme Corp, Acme Labs',
              near: 'Acme Labs',
              fallback: 'Acme Corp',
              who: 'Ann Example',
              outcome: t(l, 'loop.outcome.contacted'),
            }),
          )
          .join('\n'),
        l,
      ),
    data: ['Ann Example', 'Acme Corp', 'Acme Labs', 'segment=enterprise min_arr=50k'],
  },
  // — app-layer strings (wt/i18napp) —
  {
    name: 'question: accounts, with what was understood',
    build: (l: Locale) =>
      questionAccountsCard(
        {
          rows: [
            {
              id: 1,
              name: 'Acme Corp',
              score: 31,
              band: 'red',
              arr: 120_000,
              renewalDate: '2026-12-24',
              ownerEmail: null,
            },
          ],
          total: 3,
          arrTotal: 250_000,
        },
        'count',
        describeQuestion(
          parseQuestion('how many red enterprise gold accounts renew next quarter with no logins'),
          l,
        ),
        '2026-11-23',
        l,
      ),
    data: ['Acme Corp'],
  },
  {
    name: 'question: model answer',
    build: (l: Locale) => modelAnswerCard('答案', [], 'gpt-x', l),
    data: ['gpt-x'],
  },
  {
    name: 'renewal: outcome line',
    build: (l: Locale) =>
      renewalCard(
        {
          accountId: 1,
          name: 'Acme Corp',
          renewalDate: '2026-12-24',
          daysLeft: 30,
          arr: 120_000,
          owner: 'ann@example.com',
          score: 64,
          band: 'yellow',
          outcome: t(l, 'renewal.outcome.churned', { who: '@Ann', when: '10:02', resolved: 2 }),
          closed: true,
        },
        l,
      ),
    data: ['Acme Corp', 'ann@example.com', '@Ann'],
  },
  // Every built-in playbook's checklist: its title and step titles come from the catalogs.
  ...DEFAULT_PLAYBOOKS.map((p) => ({
    name: `playbook: built-in ${p.name}`,
    build: (l: Locale) =>
      playbookCard({
        run: {
          title: playbookWordsIn(l, p.title ?? p.name),
          version: p.version,
          trigger: p.trigger.type,
          completedAt: null,
        },
        account: { name: 'Acme Corp' },
        steps: p.steps.map((s, i) => ({
          id: i + 1,
          title: playbookWordsIn(l, s.title),
          owner: null,
          dueOn: '2026-12-01',
          doneAt: null,
          doneBy: null,
        })),
        today: '2026-11-23',
        timeZone: 'UTC',
        now: new Date('2026-11-23T10:00:00Z'),
        locale: l,
      }),
    data: ['Acme Corp'],
  })),
];

/** Words that are the same in every language: product terms and what people type. */
const ALLOWED = ['ARR', 'NPS', 'CSAT', 'Tend', 'Slack', 'Teams', 'QBR', 'US$', 'e-mail'];

type Json = unknown;

/** Every text a person reads in a rendered card; code (what they type) left out. */
function readTexts(node: Json, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const n of node) readTexts(n, out);
  } else if (node && typeof node === 'object') {
    const o = node as Record<string, Json>;
    // Adaptive Cards: a code span is a monospace run. Block Kit: `code` in mrkdwn (below).
    if (o.fontType === 'Monospace') return out;
    for (const [k, v] of Object.entries(o)) {
      if (typeof v === 'string') {
        const read = ['text', 'title', 'fallback', 'alt_text', 'placeholder', 'label'].includes(k);
        // A fact's value is read; a button's value is its payload.
        if (read || (k === 'value' && typeof o.title === 'string' && !('type' in o))) out.push(v);
      } else readTexts(v, out);
    }
  }
  return out;
}

/** Runs of two or more English words left once data, allowed words and commands are out. */
function englishRuns(texts: string[], data: string[] = []): string[] {
  const runs: string[] = [];
  for (const raw of texts) {
    let text = raw.replace(/`[^`]*`/g, ' ');
    for (const d of [...data, ...ALLOWED]) text = text.replaceAll(d, ' ');
    // A command and its arguments as typed (/touch acme call, /cs help): ASCII after a slash
    // command, up to the first word in another script or a sentence's punctuation.
    text = text.replace(/\/[a-z][\w-]*(?:[ \t]+[\w<>[\]|@.:=/…-]+)*/g, ' ');
    for (const m of text.matchAll(/[A-Za-z][A-Za-z'’.-]*(?:[ \t]+[A-Za-z][A-Za-z'’.-]*)+/g)) {
      runs.push(m[0]);
    }
  }
  return runs;
}

function rendered(card: Card): { slack: string[]; teams: string[] } {
  return {
    slack: readTexts(renderBlocks(card)),
    teams: readTexts(renderAdaptiveCard(card)),
  };
}

describe('no English in a Chinese card', () => {
  it.each(CARD_BUILDERS.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const zh = rendered(c.build('zh-CN'));
    expect(zh.slack.length).toBeGreaterThan(0);
    expect(zh.teams.length).toBeGreaterThan(0);
    expect(englishRuns(zh.slack, c.data), 'Block Kit').toEqual([]);
    expect(englishRuns(zh.teams, c.data), 'Adaptive Card').toEqual([]);
  });

  it('finds English: the same cards in English are caught', () => {
    for (const c of CARD_BUILDERS) {
      const en = rendered(c.build('en'));
      expect(englishRuns(en.slack, c.data).length, c.name).toBeGreaterThan(0);
      expect(englishRuns(en.teams, c.data).length, c.name).toBeGreaterThan(0);
    }
  });
});
