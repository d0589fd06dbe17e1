import { ACTIONS } from './actions';
import { shortName } from './format';
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

const DELIVERY_LABEL = {
  dm: 'By DM (my accounts skip their channel)',
  channel: 'In channels only',
  both: 'By DM and in channels',
} as const;
const SCOPE_LABEL = {
  mine: 'My accounts',
  team: "My team's accounts",
  all: 'All accounts',
} as const;

/** The settings section: App Home's, and the Teams personal chat's `settings`. */
export function routingBlocks(v: RoutingView): Card['blocks'] {
  return [
    {
      type: 'facts',
      facts: [
        { label: 'Alerts', value: rich(DELIVERY_LABEL[v.delivery]) },
        { label: 'Scope', value: rich(SCOPE_LABEL[v.scope], v.filters ? ` · ${v.filters}` : '') },
        { label: 'Working hours', value: rich(v.hours ?? 'any time') },
        { label: 'Quiet hours', value: rich(v.quiet ?? 'none') },
        {
          label: 'Time zone',
          value: rich(v.timeZone, v.zoneIsOwn ? '' : ' (the team’s; your profile shows none)'),
        },
      ],
    },
    {
      type: 'list',
      title: `Following (${v.follows.length})`,
      items: v.follows.map((f) => ({
        text: rich(bold(shortName(f.name))),
        action: button('Open', ACTIONS.pickAccount, { accountId: f.accountId }),
      })),
      empty: 'No account followed. /cs follow <account> gets its alerts here.',
    },
    {
      type: 'actions',
      elements: [button('Change alert settings', ACTIONS.routingEdit, { settings: 1 })],
    },
  ];
}

export function routingCard(v: RoutingView): Card {
  return {
    title: 'Your alert settings',
    fallback: `Alerts ${DELIVERY_LABEL[v.delivery].toLowerCase()}, ${SCOPE_LABEL[v.scope].toLowerCase()}`,
    blocks: routingBlocks(v),
  };
}

/** The form: the same choices as cs alerts / hours / quiet. */
export function routingForm(v: RoutingView, save: Submit): Card {
  return {
    title: 'Alert settings',
    fallback: 'Change your alert settings',
    blocks: [
      {
        type: 'input',
        input: {
          kind: 'select',
          id: ROUTING_FIELDS.delivery,
          label: 'Alerts to me',
          options: (['dm', 'channel', 'both'] as const).map((d) => ({
            label: DELIVERY_LABEL[d],
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
          label: 'Which accounts',
          options: (['mine', 'team', 'all'] as const).map((s) => ({
            label: SCOPE_LABEL[s],
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
          label: 'Filters',
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
          label: `Working hours (${v.timeZone}; empty: any time)`,
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
          label: `Quiet hours (${v.timeZone}; empty: none)`,
          placeholder: '20:00-08:00',
          ...(v.quiet ? { initial: v.quiet } : {}),
          maxLength: 20,
        },
      },
    ],
    submit: save,
  };
}
