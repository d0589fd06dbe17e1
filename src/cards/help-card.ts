import { type Card, code, rich } from './model';

/**
 * Every chat command with an example; the same words work as Teams messages. The admin
 * commands are listed to everyone, marked "admins only", so a person knows they exist and whom
 * to ask (a refusal says the same).
 */
export const COMMAND_HELP: {
  usage: string;
  example: string;
  what: string;
  /** Only admins (settings `admins`) may run it; others get a refusal that says so. */
  adminOnly?: true;
}[] = [
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
    what: "add a note to the account's open alert (its thread and history); no open alert: to its timeline",
  },
  {
    usage: '/touch <account> <call|meeting|email|demo|qbr …>',
    example: '/touch acme call with the CFO',
    what: "log a touchpoint on the account's timeline (the first word says which kind)",
  },
  {
    usage: '/timeline <account> [days]',
    example: '/timeline acme 30d',
    what: "the account's timeline, newest first (90 days unless told); save a chat message to it with Log to account in the message's menu",
  },
  {
    usage: '/plan <account>',
    example: '/plan acme',
    what: "the account's success plan: goals and milestones, with buttons to add, edit and tick them",
  },
  {
    usage: '/prep <account>',
    example: '/prep acme',
    what: 'a one-screen brief for a QBR or check-in, with three talking points from the data',
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
    usage: '/play <account> <playbook>',
    example: '/play acme onboarding',
    what: 'start a playbook (onboarding, renewal, …): its checklist, ticked by button',
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
  {
    usage: '/cs alerts [dm|channel|both] [mine|team|all] [segment=… tier=… min_arr=… rules=…]',
    example: '/cs alerts dm team min_arr=50k',
    what: 'where your alerts come (DM, channels, both) and which accounts (cs alerts: yours now)',
  },
  {
    usage: '/cs hours <HH:MM-HH:MM|off> | /cs quiet <HH:MM-HH:MM|off>',
    example: '/cs quiet 20:00-08:00',
    what: 'your working and quiet hours (your time zone): DMs wait, then one catch-up',
  },
  {
    usage: '/cs follow <account> | unfollow <account> | following',
    example: '/cs follow acme',
    what: "get an account's alerts here too (in a DM: you; in a channel: the channel)",
  },
  {
    usage: '/cs settings (Teams: settings)',
    example: '/cs settings',
    what: 'your alert settings, with a form to change them',
  },
  { usage: '/cs help', example: '/cs help', what: 'this list' },
  {
    usage: '/cs allow-external | deny-external',
    example: '/cs allow-external',
    what: 'let Tend post in (or stop it posting in) this channel shared outside',
    adminOnly: true,
  },
  {
    usage: '/cs privacy export <email> | erase <email> confirm',
    example: '/cs privacy export jane@example.com',
    what: 'what Tend holds about a person (counts), or erase it (asks to confirm)',
    adminOnly: true,
  },
];

export function helpCard(intro?: string): Card {
  return {
    title: 'Tend commands',
    fallback:
      'Tend commands: /health, /followup, /followups, /note, /touch, /timeline, /plan, /prep, /play, /renewals, /risk, /loops, /stats, /cs',
    blocks: [
      ...(intro ? [{ type: 'text' as const, text: rich(intro) }] : []),
      {
        type: 'list',
        items: COMMAND_HELP.map((c) => ({
          text: rich(code(c.usage), ` ${c.adminOnly ? '(admins only) ' : ''}${c.what}`),
          detail: rich('e.g. ', code(c.example)),
        })),
      },
    ],
  };
}
