/**
 * English, the reference catalog: every other catalog has exactly these keys (the compiler
 * checks zh-CN's type, tests/unit/i18n/catalogs.test.ts checks both ways and that src/ uses
 * every key). Messages are ICU MessageFormat: {name} fills a value, {n, plural, one {…} other
 * {…}} picks a form. Keys are written out in full where they are used, so a scan finds them.
 */
export const en = {
  // Renderers
  'card.andMore': 'and {n} more',
  'card.andMoreBlocks': 'and {n} more blocks',
  'card.optional': ' (optional)',
  'card.cancel': 'Cancel',
  'card.cutNote': 'Some of this card was cut to fit.',

  // Bands, stages, measures
  'band.green': 'green',
  'band.yellow': 'yellow',
  'band.red': 'red',
  'score.none': 'no score yet',
  'score.value': '{mark} {score} {band}',
  'delta.none': 'n/a',
  'stage.onboarding': 'onboarding',
  'stage.active': 'active',
  'stage.renewalDue': 'renewal due',
  'stage.churned': 'churned',
  'measure.usage': 'usage',
  'measure.recency': 'recency',
  'measure.adoption': 'adoption',
  'measure.support': 'support',
  'measure.sentiment': 'sentiment',
  'measure.noData': 'no data',

  // Risk rules, as people read them
  'rule.band_drop': 'health band dropped',
  'rule.score_drop': 'score dropped',
  'rule.inactivity': 'no logins',
  'rule.usage_decline': 'usage declining',
  'rule.detractor': 'detractor NPS',
  'rule.urgent_ticket': 'urgent ticket open',
  'rule.renewal_at_risk': 'renewal at risk',
  'rule.onboarding_stall': 'onboarding stalled',
  'rule.touch_overdue': 'check-in due',
  'rule.seats_high': 'seats nearly all used',
  'rule.premium_adopted': 'premium feature adopted',
  'rule.users_growth': 'active users growing',

  // Account health card
  'account.onboardingNote': ' (onboarding)',
  'account.trend': '  {sparkline}  Δ7d {d7} · Δ30d {d30}',
  'account.renewal': 'Renewal',
  'account.renewal.churned': 'churned',
  'account.renewal.churnedWasDue': 'churned (renewal was due {date})',
  'account.renewal.when': '{date} ({relative})',
  'account.arr': 'ARR',
  'account.owner': 'Owner',
  'account.stage': 'Stage',
  'account.plan': 'Plan',
  'account.playbooks': 'Playbooks',
  'account.unassigned': 'unassigned',
  'account.why': 'Why',
  'account.pointsLost': '−{points} pts',
  'account.noScoreYet': 'no usage, tickets or surveys yet: the score comes with the first data',
  'account.measures': '{measures} — as of {day}',
  'account.noHealth': 'no health data yet',
  'account.due': 'due {date}',
  'account.noDueDate': 'no due date',
  'account.openFollowUps': 'Open follow-ups ({n})',
  'account.openAlerts': 'Open alerts ({n})',
  'account.none': 'none',
  'account.logFollowUp': 'Log follow-up',
  'account.share': 'Share in channel',
  'account.followUps': 'Follow-ups',
  'account.fallback.none': '{name}: no score yet',
  'account.fallback.score': '{name}: health {score} ({band})',
  'alertState.open': 'open',
  'alertState.acknowledged': 'acknowledged',
  'alertState.resolved': 'resolved',

  // Shared copy of a card
  'shared.by': 'Shared by {by} · as of {taken}',
  'shared.refreshedBy': 'Refreshed by {by} · as of {taken}',
  'shared.fallback': '{by} shared: {fallback}',
  'shared.refresh': 'Refresh',

  // Alert card
  'alert.snooze.1h': '1 hour',
  'alert.snooze.4h': '4 hours',
  'alert.snooze.1d': '1 day',
  'alert.snooze.1w': '1 week',
  'alert.snooze.date': 'Until after a date…',
  'alert.moreSignals': '+{n} more {n, plural, one {signal} other {signals}}',
  'alert.resolvedBy': 'Resolved by {who} at {when}',
  'alert.acknowledgedBy': 'Acknowledged by {who} at {when}',
  'alert.someone': 'someone',
  'alert.openNotAcked': 'Open, not yet acknowledged',
  'alert.snoozedUntilWhy': 'snoozed until {when}: {reason}',
  'alert.snoozedUntil': 'snoozed until {when}',
  'alert.assignedTo': 'assigned to {who}',
  'alert.acknowledge': 'Acknowledge',
  'alert.snooze': 'Snooze',
  'alert.assign': 'Assign',
  'alert.logFollowUp': 'Log follow-up',
  'alert.note': 'Note',
  'alert.resolve': 'Resolve',
  'alert.resolveSaved': 'Resolved · saved',
  'alert.createOpportunity': 'Create opportunity',
  'alert.expansion': 'Expansion',
  'alert.signal': 'Signal',
  'alert.potential': 'Potential',
  'alert.escalated': 'Escalated: not acknowledged within {hours} h',
  'alert.rule': 'Rule',
  'alert.owner': 'Owner',
  'alert.arr': 'ARR',
  'alert.renewal': 'Renewal',
  'alert.fallbackMore': ' (+{n} more {n, plural, one {signal} other {signals}})',
  'alert.fallbackResolved': ' (resolved)',

  // Digest
  'digest.bandRed': '{mark} Red',
  'digest.bandYellow': '{mark} Yellow',
  'digest.bandGreen': '{mark} Green',
  'digest.bandNone': 'No data',
  'digest.since': 'changes since {day}',
  'digest.first': 'first digest',
  'digest.quiet': ' · nothing needs attention',
  'digest.summary': '{n, plural, one {# account} other {# accounts}} ({scope}) · {since}{quiet}',
  'digest.open': 'Open',
  'digest.daily': 'Daily digest · {day}',
  'digest.catchUp': 'Catch-up digest · {day}',
  'digest.fallback': '{title}: {scope}',
  'digest.allAccounts': 'all accounts',
  'digest.section.turned': 'Turned red or yellow ({n})',
  'digest.section.drops': 'Biggest drops ({n})',
  'digest.section.renewals': 'Renewals in {days} days not green ({n}, ARR at risk {money})',
  'digest.section.alerts': 'Unacknowledged alerts ({n})',
  'digest.section.overdue': 'Overdue follow-ups ({n})',
  'digest.section.checkins': 'Check-ins due ({n})',
  'digest.expansion':
    "📈 Expansion potential {money} on {n, plural, one {# account} other {# accounts}} (each account's largest open expansion signal: its ARR × the signal's share, rules.<signal>.arrUplift)",
  'digest.row.turned': '{mark} {name}: {from} → {to}',
  'digest.row.score': 'score {score}',
  'digest.row.scoreArr': 'score {score} · ARR {money}',
  'digest.row.drop': '{name}: −{drop} ({from} → {to})',
  'digest.row.renewal': '{mark} {name}: {day} ({relative})',
  'digest.row.arr': 'ARR {money}',
  'digest.row.arrOwner': 'ARR {money} · {owner}',
  'digest.row.item': '{name}: {text}',
  'digest.row.due': 'due {day}',
  'digest.row.dueOwner': 'due {day} · {owner}',
  'digest.row.checkin':
    '{name}: last touch {day} (every {days, plural, one {# day} other {# days}})',
  'digest.row.checkinNever':
    '{name}: no touch logged (every {days, plural, one {# day} other {# days}})',

  // Account lists: /health alone, /renewals, /risk
  'list.open': 'Open',
  'list.showNext': 'Show next {n}',
  'list.pageRange': ' ({from}–{to} of {total})',
  'list.arr': 'ARR {money}',
  'list.noOwner': 'no owner',
  'list.noRenewalDate': 'no renewal date',
  'list.renewsIn': 'renews {day} (in {days}d)',
  'list.renewedAgo': 'renews {day} ({days}d ago)',
  'portfolio.title': 'Your portfolio',
  'portfolio.fallback': '{n, plural, one {# account} other {# accounts}}, {red} red',
  'portfolio.empty': 'You own no accounts in Tend (accounts are matched to you by owner e-mail).',
  'renewals.title': 'Renewals in {days} days{range}',
  'renewals.summary':
    '{n, plural, one {# renewal} other {# renewals}} in the next {days} days: {total} ARR, {notGreen} not green{expansion}',
  'renewals.summaryExpansion':
    ', {money} expansion potential on {n, plural, one {# account} other {# accounts}}',
  'renewals.rowExpansion': ' · expansion +{money}',
  'renewals.empty': 'No renewals in the next {days} days.',
  'renewals.expansionNote':
    "Expansion potential: each account's largest open expansion signal, its ARR × the signal's share (rules.<signal>.arrUplift).",
  'risk.title': 'Accounts at risk{range}',
  'risk.fallback': '{n, plural, one {# account} other {# accounts}} at risk',
  'risk.alertInState': '{summary} ({state})',
  'risk.noAlerts': 'no open alerts',
  'risk.empty': 'No account is red or has an open alert. 🎉',

  // Follow-ups
  'followups.overdue': 'overdue {days}d (due {day})',
  'followups.dueToday': 'due today',
  'followups.done': 'Done',
  'followups.mineTitle': 'Your open follow-ups{range}',
  'followups.mineFallback': '{n} open follow-ups, {overdue} overdue',
  'followups.mineEmpty': 'Nothing open. Add one with /followup <account> <what to do> [by <date>].',
  'followups.accountTitle': 'Follow-ups: {name}',
  'followups.accountFallback': '{n} open follow-ups on {name}',
  'followups.accountEmpty': 'No open follow-ups on {name}.',
  'followups.by': ' by {day} ({iso})',
  'followups.recorded': 'Follow-up recorded',
  'followups.alreadyRecorded': 'Already recorded',
  'followups.loggedFallback': '{what}: {name}: {title}{due}',
  'followups.owner': 'Owner: {email}',

  // Which account
  'choices.title': 'Which "{query}"?',
  'choices.fallback': '{n} accounts match "{query}"',
  'choices.text': '{n} accounts match "{query}". Pick one:',
  'choices.pick': 'Pick',
  'noMatch.title': 'No such account',
  'noMatch.text': 'No account matches "{query}".',
  'noMatch.didYouMean': 'No account matches "{query}". Did you mean {names}?',
  'target.unclear':
    'Nothing recorded: I could not tell which account "{query}" is. Put the name in quotes or end it with a colon, e.g. /followup "Acme Corp" send deck.',

  // Channel language (/cs language)
  'language.name.en': 'English',
  'language.name.zh-CN': 'Chinese (简体中文)',
  'language.title': 'Language',
  'language.shown':
    "This channel's posts (digests, alerts, reminders) are in {language}{default, select, yes { (the default)} other {}}. Change it with /cs language zh-CN or /cs language en.",
  'language.set': "This channel's posts are now in {language}.",
  'language.unknown': 'Tend does not speak "{given}". It speaks: {list}.',

  // — alert summaries (wt/alertsum) —
  'alertSummary.bandDrop': 'health turned {to} (was {from})',
  'alertSummary.scoreDrop':
    'health score fell {drop, plural, one {{drop, number, ::group-off} point} other {{drop, number, ::group-off} points}} in {days, plural, one {{days, number, ::group-off} day} other {{days, number, ::group-off} days}} ({high, number, ::group-off} → {score, number, ::group-off})',
  'alertSummary.noLogin': 'no login for {days, number, ::group-off} days (last on {iso})',
  'alertSummary.noLoginEver': 'no login for at least {days, number, ::group-off} days',
  'alertSummary.usageDown': 'active users down {pct, number, ::group-off}% vs the previous 30 days',
  'alertSummary.detractor': 'detractor NPS {score, number, ::group-off} on {day}',
  'alertSummary.detractorFrom': 'detractor NPS {score, number, ::group-off} from {who} on {day}',
  'alertSummary.urgentTicket':
    'an urgent ticket has been open {days, plural, one {{days, number, ::group-off} day} other {{days, number, ::group-off} days}}',
  'alertSummary.urgentTickets':
    '{n, number, ::group-off} urgent tickets open > {days, plural, one {{days, number, ::group-off} day} other {{days, number, ::group-off} days}} (oldest {oldest, plural, one {{oldest, number, ::group-off} day} other {{oldest, number, ::group-off} days}})',
  'alertSummary.renewalAtRisk':
    'renewal {days, plural, =0 {today} one {in {days, number, ::group-off} day} other {in {days, number, ::group-off} days}} and health is {band}',
  'alertSummary.onboardingStall':
    'onboarding stalls: {pct, number, ::group-off}% of core features in use after {days, number, ::group-off} days',
  'alertSummary.touchOverdue':
    'check-in due: no touch since {day} (every {days, plural, one {{days, number, ::group-off} day} other {{days, number, ::group-off} days}} for its tier)',
  'alertSummary.touchOverdueNever':
    'check-in due: no touch logged yet (every {days, plural, one {{days, number, ::group-off} day} other {{days, number, ::group-off} days}} for its tier)',
  'alertSummary.seatsHigh':
    'at least {pct, number, ::group-off}% of {seats, number, ::group-off} seats used every day for {days, number, ::group-off} days',
  'alertSummary.premiumAdopted': 'started using {features} (premium) on {iso}',
  'alertSummary.usersUp': 'active users up {pct, number, ::group-off}% vs the previous 30 days',
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof en;
