import { addDays, daysBetween } from '../dates';
import type { TicketPriority } from '../health';
import {
  CSM_OWNERS,
  externalIdOf,
  FEATURES_TOTAL,
  firstUsageDay,
  type GeneratedAccount,
  tagOf,
} from './accounts';
import { at, seq } from './activity';
import type { DemoAccount, DemoOptions, DemoSurveyAnswer, DemoTicket, TicketStatus } from './model';
import { createRng, hashSeed } from './random';
import { type UsageProfile, usageSeries } from './usage';

/**
 * The accounts every demo tells a story with, whatever the size and seed. Their numbers are
 * tuned against the default health model so each lands in its band (tests/unit/demo checks
 * that on several seeds): change them together with those tests.
 */
export const STORIES = {
  acme: { number: 1, name: 'Acme Corp', domain: 'acme.com' },
  red: { number: 2, name: 'Globex Corporation', domain: 'globex.com' },
  green: { number: 3, name: 'Northwind Traders', domain: 'northwind.com' },
  onboarding: { number: 4, name: 'Initech', domain: 'initech.com' },
} as const;
export const STORY_COUNT = Object.keys(STORIES).length;

type TicketSpec = [TicketPriority, TicketStatus, string, openedAgo: number, closedAgo?: number];
type SurveySpec = ['nps' | 'csat', number, string, ago: number, comment?: string];

interface StorySpec {
  key: keyof typeof STORIES;
  account: Omit<DemoAccount, 'external_id' | 'name' | 'domain'>;
  profile: UsageProfile;
  tickets: TicketSpec[];
  surveys: SurveySpec[];
}

function build(spec: StorySpec, options: DemoOptions): GeneratedAccount {
  const story = STORIES[spec.key];
  const externalId = externalIdOf(story.number);
  const tag = tagOf(story.number);
  const rng = createRng(hashSeed(options.seed, 'story', spec.key));
  const day = (ago: number) => addDays(options.today, -ago);
  const firstDay = firstUsageDay(options, spec.account.contract_start);
  const tickets: DemoTicket[] = spec.tickets.map(
    ([priority, status, subject, opened, closed], i) => ({
      external_id: `tk-${tag}-${seq(i + 1)}`,
      account_external_id: externalId,
      priority,
      status,
      subject,
      opened_at: at(day(opened), 9 + i, 15),
      closed_at: closed === undefined ? null : at(day(closed), 16, 30),
    }),
  );
  const surveys: DemoSurveyAnswer[] = spec.surveys.map(([kind, score, who, ago, comment], i) => ({
    external_id: `sv-${tag}-${seq(i + 1)}`,
    account_external_id: externalId,
    kind,
    score,
    respondent: `${who}@${story.domain}`,
    comment: comment ?? null,
    answered_on: day(ago),
  }));
  return {
    account: { external_id: externalId, name: story.name, domain: story.domain, ...spec.account },
    usage: usageSeries(externalId, spec.profile, firstDay, options.today, rng),
    tickets,
    surveys,
  };
}

/** Before `from` days ago one level, then a straight line to `to` today. */
const fallFrom = (before: number, after: number, from: number) => (d: number) =>
  d >= from ? before : after + ((before - after) * d) / from;

export function storyAccounts(options: DemoOptions): GeneratedAccount[] {
  const { today } = options;
  const renewIn = (days: number) => addDays(today, days);
  const onboardingStart = addDays(today, -40);
  const specs: StorySpec[] = [
    {
      // Yellow and falling: usage fell away over the last 40 days; renewal in 45.
      key: 'acme',
      account: {
        segment: 'mid-market',
        tier: 'gold',
        arr: 120_000,
        owner_email: CSM_OWNERS[0] ?? '',
        contract_start: addDays(renewIn(45), -2 * 365),
        renewal_date: renewIn(45),
      },
      profile: {
        seats: 120,
        featuresTotal: FEATURES_TOTAL,
        utilAt: fallFrom(0.62, 0.28, 40),
        featuresAt: fallFrom(8, 6, 40),
        loginsPerUserAt: fallFrom(2.4, 1.8, 40),
        weekendFactor: 0.2,
        noise: 0.05,
        quietDays: 0,
      },
      tickets: [
        ['normal', 'closed', 'Invite emails not arriving', 50, 46],
        ['normal', 'closed', 'Dashboard loads slowly', 20, 17],
        ['high', 'open', 'Report export times out', 3],
      ],
      surveys: [
        ['nps', 8, 'tom.becker', 120],
        ['csat', 3, 'lena.fischer', 17],
        ['nps', 7, 'lena.fischer', 12, 'Exports keep timing out; the team drifts back to sheets'],
      ],
    },
    {
      // Red: a detractor, an urgent ticket open 11 days, nobody logged in for 8 days.
      key: 'red',
      account: {
        segment: 'enterprise',
        tier: 'gold',
        arr: 210_000,
        owner_email: CSM_OWNERS[1] ?? '',
        contract_start: addDays(renewIn(75), -3 * 365),
        renewal_date: renewIn(75),
      },
      profile: {
        seats: 200,
        featuresTotal: FEATURES_TOTAL,
        utilAt: fallFrom(0.3, 0.2, 90),
        featuresAt: fallFrom(4, 3, 90),
        loginsPerUserAt: () => 1.6,
        weekendFactor: 0.15,
        noise: 0.08,
        quietDays: 8,
      },
      tickets: [
        ['high', 'closed', 'Permissions for new team', 40, 35],
        ['urgent', 'open', 'Data sync failing since upgrade', 11],
        ['normal', 'open', 'Webhook retries failing', 5],
      ],
      surveys: [
        ['nps', 7, 'raj.mehta', 100],
        ['csat', 2, 'maria.lopez', 35],
        ['nps', 3, 'maria.lopez', 6, 'Sync has been broken for over a week and nobody owns it'],
      ],
    },
    {
      // Green: broad, growing use, promoters, nothing but a small question open.
      key: 'green',
      account: {
        segment: 'enterprise',
        tier: 'gold',
        arr: 240_000,
        owner_email: CSM_OWNERS[2] ?? '',
        contract_start: addDays(renewIn(200), -4 * 365),
        renewal_date: renewIn(200),
      },
      profile: {
        seats: 300,
        featuresTotal: FEATURES_TOTAL,
        utilAt: fallFrom(0.62, 0.74, 180),
        featuresAt: fallFrom(8, 9, 180),
        loginsPerUserAt: () => 2.8,
        weekendFactor: 0.2,
        noise: 0.05,
        quietDays: 0,
      },
      tickets: [
        ['normal', 'closed', 'Question about seat count', 30, 28],
        ['low', 'open', 'API rate limit questions', 2],
      ],
      surveys: [
        ['nps', 9, 'ana.silva', 80],
        ['csat', 5, 'chen.wu', 28],
        ['nps', 10, 'chen.wu', 15, 'Our whole support team lives in it'],
      ],
    },
    {
      // Onboarding that stalls: 40 days in, a handful of the 60 seats use two features.
      key: 'onboarding',
      account: {
        segment: 'mid-market',
        tier: 'silver',
        arr: 36_000,
        owner_email: CSM_OWNERS[3] ?? '',
        contract_start: onboardingStart,
        renewal_date: addDays(onboardingStart, 365),
      },
      profile: {
        seats: 60,
        featuresTotal: FEATURES_TOTAL,
        utilAt: (d) =>
          Math.min(0.12, 0.05 + 0.007 * daysBetween(onboardingStart, addDays(today, -d))),
        featuresAt: () => 2,
        loginsPerUserAt: () => 1.4,
        weekendFactor: 0.1,
        noise: 0.05,
        quietDays: 2,
      },
      tickets: [['normal', 'open', 'SSO login loop', 12]],
      surveys: [],
    },
  ];
  return specs.map((spec) => build(spec, options));
}
