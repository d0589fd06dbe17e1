import { type Card, code, rich } from './model';

/** Every chat command with an example; the same words work as Teams messages. */
export const COMMAND_HELP: { usage: string; example: string; what: string }[] = [
  { usage: '/health <account>', example: '/health acme', what: "an account's health card" },
  { usage: '/health', example: '/health', what: 'your portfolio, riskiest first' },
  {
    usage: '/followup <account> <text> [by <date>]',
    example: '/followup acme send QBR deck by friday',
    what: 'record a follow-up (dates: friday, in 3 days, 2026-12-01, tomorrow, next week)',
  },
  { usage: '/followups', example: '/followups', what: 'your open follow-ups, overdue first' },
  {
    usage: '/note <account> <text>',
    example: '/note acme CFO call moved to Tuesday',
    what: "add a note to the account's open alert (its thread and history)",
  },
  { usage: '/renewals [days]', example: '/renewals 30', what: 'renewals in the next N days (90)' },
  { usage: '/risk', example: '/risk', what: 'accounts at risk now, with their open alerts' },
  {
    usage: '/loops [team]',
    example: '/loops',
    what: 'open NPS/CSAT loops on your accounts (team: everyone’s), overdue first',
  },
  {
    usage: '/stats [me|team|@person] [7d|30d|90d|quarter]',
    example: '/stats team 90d',
    what: 'team metrics against the previous period, each with how it is computed',
  },
  {
    usage:
      '/cs subscribe digest|alerts|renewals|metrics [filters] [at HH:MM] [tz Area/City] [weekly monday]',
    example: '/cs subscribe digest tier=gold at 09:00 tz Europe/Berlin',
    what: 'subscribe this channel',
  },
  {
    usage: '/cs subscriptions | unsubscribe <id> | pause <duration> | resume',
    example: '/cs pause 7d',
    what: "manage this channel's subscriptions",
  },
  { usage: '/cs help', example: '/cs help', what: 'this list' },
];

export function helpCard(intro?: string): Card {
  return {
    title: 'Tend commands',
    fallback:
      'Tend commands: /health, /followup, /followups, /note, /renewals, /risk, /loops, /stats, /cs',
    blocks: [
      ...(intro ? [{ type: 'text' as const, text: rich(intro) }] : []),
      {
        type: 'list',
        items: COMMAND_HELP.map((c) => ({
          text: rich(code(c.usage), ` ${c.what}`),
          detail: rich('e.g. ', code(c.example)),
        })),
      },
    ],
  };
}
