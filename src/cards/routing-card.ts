import type { Locale } from '../domain/locale';
import { ACTIONS } from './actions';
import { shortName } from './format';
import { type MessageKey, t } from './i18n/t';
import { bold, button, type Card, rich, type Submit } from './model';

/** The settings form's field ids (Slack block/action ids, Adaptive Card input ids). */
export const ROUTING_FIELDS = {
  delivery: 'delivery',
  scope: 'scope',
  filters: 'filters',
  hours: 'hours',
  quiet: 'quiet',
} as const;

export interface RoutingView {
  delivery: 'dm' | 'channel' | 'both';
  scope: 'mine' | 'team' | 'all';
  /** `segment=… tier=… min_arr=… rules=…`, as typed in cs alerts. */
  filters: string;
  hours: string | null;
  quiet: string | null;
  timeZone: string;
  /** Where the zone came from: the person's profile, or the team's setting. */
  zoneIsOwn: boolean;
  follows: { accountId: number; name: string }[];
}

const DELIVERY_KEY: Record<RoutingView['delivery'], MessageKey> = {
  dm: 'routing.delivery.dm',
  channel: 'routing.delivery.channel',
  both: 'routing.delivery.both',
};
const SCOPE_KEY: Record<RoutingView['scope'], MessageKey> = {
  mine: 'routing.scope.mine',
  team: 'routing.scope.team',
  all: 'routing.scope.all',
};

/** The settings section: App Home's, and the Teams personal chat's `settings`. */
export function routingBlocks(v: RoutingView, locale: Locale = 'en'): Card['blocks'] {
  const tr = (key: MessageKey, p?: Record<string, string | number>) => t(locale, key, p);
  return [
    {
      type: 'facts',
      facts: [
        { label: tr('routing.alerts'), value: rich(tr(DELIVERY_KEY[v.delivery])) },
        {
          label: tr('routing.scope'),
          value: rich(tr(SCOPE_KEY[v.scope]), v.filters ? ` · ${v.filters}` : ''),
        },
        { label: tr('routing.hours'), value: rich(v.hours ?? tr('routing.anyTime')) },
        { label: tr('routing.quiet'), value: rich(v.quiet ?? tr('routing.none')) },
        {
          label: tr('routing.zone'),
          value: rich(v.timeZone, v.zoneIsOwn ? '' : tr('routing.teamZone')),
        },
      ],
    },
    {
      type: 'list',
      title: tr('routing.following', { n: v.follows.length }),
      items: v.follows.map((f) => ({
        text: rich(bold(shortName(f.name))),
        action: button(tr('list.open'), ACTIONS.pickAccount, { accountId: f.accountId }),
      })),
      empty: tr('routing.followingEmpty'),
    },
    {
      type: 'actions',
      elements: [button(tr('routing.change'), ACTIONS.routingEdit, { settings: 1 })],
    },
  ];
}

export function routingCard(v: RoutingView, locale: Locale = 'en'): Card {
  return {
    title: t(locale, 'routing.title'),
    fallback: t(locale, 'routing.fallback', {
      delivery: t(locale, DELIVERY_KEY[v.delivery]).toLowerCase(),
      scope: t(locale, SCOPE_KEY[v.scope]).toLowerCase(),
    }),
    blocks: routingBlocks(v, locale),
    locale,
  };
}

/** The form: the same choices as cs alerts / hours / quiet. */
export function routingForm(v: RoutingView, save: Submit, locale: Locale = 'en'): Card {
  const tr = (key: MessageKey, p?: Record<string, string | number>) => t(locale, key, p);
  return {
    title: tr('routing.formTitle'),
    fallback: tr('routing.formFallback'),
    locale,
    blocks: [
      {
        type: 'input',
        input: {
          kind: 'select',
          id: ROUTING_FIELDS.delivery,
          label: tr('routing.form.delivery'),
          options: (['dm', 'channel', 'both'] as const).map((d) => ({
            label: tr(DELIVERY_KEY[d]),
            value: d,
          })),
          initial: v.delivery,
          required: true,
        },
      },
      {
        type: 'input',
        input: {
          kind: 'select',
          id: ROUTING_FIELDS.scope,
          label: tr('routing.form.scope'),
          options: (['mine', 'team', 'all'] as const).map((s) => ({
            label: tr(SCOPE_KEY[s]),
            value: s,
          })),
          initial: v.scope,
          required: true,
        },
      },
      {
        type: 'input',
        input: {
          kind: 'text',
          id: ROUTING_FIELDS.filters,
          label: tr('routing.form.filters'),
          placeholder: 'segment=enterprise tier=gold min_arr=50k rules=detractor',
          ...(v.filters ? { initial: v.filters } : {}),
          maxLength: 300,
        },
      },
      {
        type: 'input',
        input: {
          kind: 'text',
          id: ROUTING_FIELDS.hours,
          label: tr('routing.form.hours', { zone: v.timeZone }),
          placeholder: '09:00-18:00',
          ...(v.hours ? { initial: v.hours } : {}),
          maxLength: 20,
        },
      },
      {
        type: 'input',
        input: {
          kind: 'text',
          id: ROUTING_FIELDS.quiet,
          label: tr('routing.form.quiet', { zone: v.timeZone }),
          placeholder: '20:00-08:00',
          ...(v.quiet ? { initial: v.quiet } : {}),
          maxLength: 20,
        },
      },
    ],
    submit: save,
  };
}
