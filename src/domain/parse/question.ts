import type { Band } from '../health';
import type { AccountFilters, Measure, Question, RenewalWindow } from './question-model';
import {
  byLength,
  digitsForNumberWords,
  hasCjk,
  normaliseQuestion,
  phrasePattern,
  Rest,
} from './question-text';
import {
  ARR_SUM_WORDS,
  AT_RISK_WORDS,
  BAND_WORDS,
  COUNT_WORDS,
  FILLER_EN,
  FILLER_ZH,
  MINE_WORDS,
  RENEW_WORDS,
  RULE_WORDS,
  SEGMENT_WORDS,
  TIER_WORDS,
  TREND_WORDS,
} from './question-words';

export type * from './question-model';

/** Questions are short; past this the parser does not try (and nothing is guessed). */
export const MAX_QUESTION_CHARS = 500;
/** "renewing" with no window: the same default as /renewals. */
export const DEFAULT_WINDOW_DAYS = 90;

const one = (words: string[]) => words.map((w) => ({ value: true as const, re: phrasePattern(w) }));
const RULES = byLength(RULE_WORDS);
const TRENDS = byLength(TREND_WORDS);
const BANDS = byLength(BAND_WORDS);
const SEGMENTS = byLength(SEGMENT_WORDS);
const TIERS = byLength(TIER_WORDS);
const sortLongest = (w: string[]) => [...w].sort((a, b) => b.length - a.length);
const AT_RISK = one(sortLongest(AT_RISK_WORDS));
const COUNTS = one(sortLongest(COUNT_WORDS));
const ARR_SUMS = one(sortLongest(ARR_SUM_WORDS));
const RENEWS = one(sortLongest(RENEW_WORDS));
const MINE = one(sortLongest(MINE_WORDS));
const FILLER_ZH_LONGEST = sortLongest(FILLER_ZH);

/**
 * Reads a free-form question, English or Chinese, into a typed question. Pure and
 * deterministic (no clock: renewal windows stay relative). Never throws, never guesses:
 * a word it cannot place makes the whole question `unknown`, with the closest command.
 */
export function parseQuestion(input: string): Question {
  if (input.length > MAX_QUESTION_CHARS) return unknown('');
  const text = digitsForNumberWords(normaliseQuestion(input));
  if (text === '' || GREETING.test(text)) return unknown(text);
  return (
    followUpsOrAlerts(text) ??
    accountQuestion(text) ??
    listQuestion(text) ??
    bareAccount(text) ??
    unknown(text)
  );
}

const GREETING = /^(?:hi|hello|hey|thanks|thank you|thx|ok|okay|你好|您好|谢谢|好的|嗨)(?: tend)?$/;

// ---------------------------------------------------------------- my follow-ups, my alerts

const FOLLOW_UPS_EN =
  /^(?:(?:show|list|what are|what's|whats) )?(?:me )?my (?:open )?(?:follow[- ]?ups?|tasks|to-?dos?)(?: due)?(?: today| this week)?$|^what (?:should|do|must) i (?:follow up on|do|work on)(?: today| next| this week)?$|^what do i (?:need|have) to (?:do|follow up on)(?: today| this week)?$|^(?:any |open )?follow[- ]?ups? (?:for|of) me$|^(?:my )?overdue (?:follow[- ]?ups?|tasks)$/;
const FOLLOW_UPS_ZH =
  /^(?:我的|我)(?:待办|跟进|跟进事项|任务|待跟进|待办事项|后续事项)(?:有哪些|是什么|有什么)?$|^我(?:要|需要|该|应该)(?:做|跟进)(?:什么|哪些)(?:事)?$|^(?:我)?(?:还有)?(?:哪些|什么)(?:事情?|任务)?(?:要|需要|待)跟进$|^我(?:有|还有)(?:哪些|什么)(?:待办|跟进|任务)$/;
const ALERTS_EN =
  /^(?:(?:show|list|what are|what's|whats) )?(?:me )?my (?:open )?alerts$|^what alerts do i have(?: open)?$|^(?:any |open )?alerts (?:for|assigned to) me$|^do i have (?:any )?(?:open )?alerts$/;
const ALERTS_ZH =
  /^(?:我的|我有的|分配给我的|给我的)(?:告警|警报|预警|提醒)(?:有哪些)?$|^我有(?:哪些|什么|没有)(?:告警|警报|预警)$/;

function followUpsOrAlerts(text: string): Question | null {
  if (FOLLOW_UPS_EN.test(text) || FOLLOW_UPS_ZH.test(text)) return { kind: 'followups' };
  if (ALERTS_EN.test(text) || ALERTS_ZH.test(text)) return { kind: 'alerts' };
  return null;
}

// ---------------------------------------------------------------- one account

const WHY_STATES_EN =
  '(?:so )?(?:red|yellow|amber|green|dropping|dropped|drop|down|declining|declined|falling|fall|fallen|at risk|low|unhealthy|struggling|in trouble|bad|worse|going down|getting worse)';
const ACCOUNT_EN: { re: RegExp; why: boolean }[] = [
  {
    re: new RegExp(
      `^why (?:is|are|did|does|has|was|were) (?:the )?(.+?)(?: score| health| health score)? (?:been |become |gone |go |get |got )?${WHY_STATES_EN}(?: lately| recently| now| this week| this month)?$`,
    ),
    why: true,
  },
  {
    re: /^what(?:'s| is| has) (?:wrong|up|going on|happening|happened) (?:with|to|at) (.+)$/,
    why: true,
  },
  { re: /^what happened (?:to|with|at) (.+)$/, why: true },
  {
    re: /^what(?:'s| is) (?:driving|behind|dragging down) (.+?)(?:'s)?(?: score| health| drop| decline)?$/,
    why: true,
  },
  { re: /^explain (.+?)(?:'s)?(?: score| health)?$/, why: true },
  { re: /^why (.+)$/, why: true },
  {
    re: /^how(?:'s| is| are|s)? (.+?) (?:doing|going|looking|performing|holding up|trending)(?: lately| now| today| these days)?$/,
    why: false,
  },
  { re: /^how healthy is (.+)$/, why: false },
  {
    re: /^(?:what(?:'s| is) )?(?:the )?(?:health|health score|score|status) (?:of|for|on) (.+)$/,
    why: false,
  },
  {
    re: /^(?:tell me about|what about|how about|status of|check on|check|look up|lookup|info on) (.+)$/,
    why: false,
  },
  { re: /^(?:show me|show) (.+?)(?:'s)? (?:health|health card|card|score)$/, why: false },
  { re: /^(?:what(?:'s| is) )?(.+?)(?:'s)? (?:health|health score|score|status)$/, why: false },
  { re: /^is (.+?) (?:ok|okay|healthy|at risk|in trouble|doing ok|doing well|fine)$/, why: false },
];

const WHY_STATES_ZH =
  '(?:是红色的?|是黄色的?|变红了?|变黄了?|亮红灯了?|下降了?|下滑了?|掉分了?|分数?这么低|分数低|这么差|有风险|不健康|变差了?|恶化了?|出问题了?|分数下降了?|健康度下降了?)';
const ACCOUNT_ZH: { re: RegExp; why: boolean }[] = [
  { re: new RegExp(`^为什么(.+?)(?:的健康度|的分数|的健康分)?${WHY_STATES_ZH}$`), why: true },
  { re: new RegExp(`^(.+?)(?:的健康度|的分数|的健康分)?为什么${WHY_STATES_ZH}$`), why: true },
  { re: /^(.+?)(?:怎么了|出了什么问题|出什么事了|发生了什么|有什么问题)$/, why: true },
  { re: /^为什么(.+)$/, why: true },
  {
    re: /^(.+?)(?:的)?(?:健康度|健康状况|健康情况|健康分|健康评分|健康|情况|状态|近况)(?:怎么样|如何|怎样)?$/,
    why: false,
  },
  { re: /^(.+?)(?:最近|现在)?(?:怎么样|如何|还好吗|好吗|怎样)$/, why: false },
  { re: /^(?:查一下|看看|看一下|查看|说说)(.+?)(?:的情况)?$/, why: false },
];

/** Words that make a name a set of accounts rather than one ("my accounts", "企业客户"). */
const COLLECTION =
  /(?<![\p{L}])(?:accounts?|customers?|clients?|portfolio|book|renewals?|everyone|everything|all|my|mine|which)(?![\p{L}])|客户|账户|账号|哪些|我的|所有/u;

function accountQuestion(text: string): Question | null {
  const rules = hasCjk(text) ? [...ACCOUNT_ZH, ...ACCOUNT_EN] : ACCOUNT_EN;
  for (const { re, why } of rules) {
    const m = re.exec(text);
    if (!m) continue;
    const name = cleanName(m[1] ?? '');
    if (name === '' || COLLECTION.test(name) || onlyFilters(name)) return null;
    return { kind: 'account', account: name, why };
  }
  return null;
}

function cleanName(raw: string): string {
  return raw
    .replace(/^(?:the|account|customer|客户|账户|看看|看一下|查一下|查看|说说|请问)\s*/, '')
    .replace(/(?:'s|的)$/, '')
    .replace(/^['"]|['"]$/g, '')
    .trim();
}

/** A "name" made only of filter words ("red", "enterprise") is a list, not an account. */
function onlyFilters(name: string): boolean {
  const rest = new Rest(name);
  const found = extractFilters(rest);
  return Object.keys(found.filters).length > 0 && leftover(rest.text).length === 0;
}

/** A message that is only a name ("acme", "阿里巴巴"): that account, as /health would read it. */
function bareAccount(text: string): Question | null {
  const words = text.split(' ');
  if (words.length > 4 || COLLECTION.test(text)) return null;
  if (words.some((w) => FILLER_EN.has(w) && w !== 'a')) return null;
  if (hasCjk(text) && /[吗呢么什哪谁怎为]/.test(text)) return null;
  if (hasCjk(text) && FILLER_ZH.some((w) => w.length > 1 && text.includes(w))) return null;
  const probe = extractFilters(new Rest(text));
  if (Object.keys(probe.filters).length > 0 || probe.measure !== 'list') return null;
  return { kind: 'account', account: text, why: false };
}

// ---------------------------------------------------------------- lists, counts, sums

const AMOUNT_EN = String.raw`\$?\s?(\d+(?:[.,]\d+)*)\s?(k|m|mm|b|bn|thousand|million|billion)?`;
const AMOUNT_ZH = String.raw`\$?\s?(\d+(?:\.\d+)?)\s?(千|万|百万|千万|亿|k|m)?(?:美元|美金|元|块)?`;
const MIN_EN =
  '(?:over|above|more than|greater than|bigger than|larger than|exceeding|at least|>=|>|min(?:imum)?)';
const MAX_EN = '(?:under|below|less than|smaller than|at most|up to|<=|<|max(?:imum)?)';
const ARR_WORD = '(?:(?:with |an? |their )?arr (?:of |is |was )?)?';

function amount(digits: string, unit: string | undefined): number {
  const n = Number(digits.replace(/,/g, ''));
  const scale: Record<string, number> = {
    k: 1e3,
    thousand: 1e3,
    千: 1e3,
    m: 1e6,
    mm: 1e6,
    million: 1e6,
    百万: 1e6,
    万: 1e4,
    千万: 1e7,
    亿: 1e8,
    b: 1e9,
    bn: 1e9,
    billion: 1e9,
  };
  return Math.round(n * (unit ? (scale[unit] ?? 1) : 1));
}

const ARR_BETWEEN = [
  new RegExp(`${ARR_WORD}between ${AMOUNT_EN} and ${AMOUNT_EN}(?: arr)?`),
  new RegExp(`(?:arr)?(?:介于|在)?${AMOUNT_ZH}(?:到|至|-|和)${AMOUNT_ZH}(?:之间)?`),
];
// Compiled once: every question runs through these.
const ARR_BOUNDS: [RegExp, 'minArr' | 'maxArr'][] = [
  [
    new RegExp(`${ARR_WORD}${MIN_EN} (?:an? )?(?:arr (?:of )?)?${AMOUNT_EN}(?: (?:in )?arr)?`),
    'minArr',
  ],
  [
    new RegExp(`${ARR_WORD}${MAX_EN} (?:an? )?(?:arr (?:of )?)?${AMOUNT_EN}(?: (?:in )?arr)?`),
    'maxArr',
  ],
  [new RegExp(`${AMOUNT_EN}(?: arr)? (?:or more|and (?:up|above|over)|plus)`), 'minArr'],
  [new RegExp(`${AMOUNT_EN}\\+(?: arr)?`), 'minArr'],
  [new RegExp(`${AMOUNT_EN}(?: arr)? (?:or less|and (?:under|below))`), 'maxArr'],
  [
    new RegExp(`(?:arr)?(?:超过|大于|高于|多于|不少于|不低于|至少|在)${AMOUNT_ZH}(?:以上)?`),
    'minArr',
  ],
  [new RegExp(`(?:arr)?${AMOUNT_ZH}(?:以上|及以上|或以上|或更多)`), 'minArr'],
  [new RegExp(`(?:arr)?(?:低于|小于|少于|不到|不超过|不足|在)${AMOUNT_ZH}(?:以下)?`), 'maxArr'],
  [new RegExp(`(?:arr)?${AMOUNT_ZH}(?:以下|及以下|或以下)`), 'maxArr'],
];

function takeArr(rest: Rest, f: AccountFilters): void {
  for (const re of ARR_BETWEEN) {
    const between = rest.cut(re);
    if (between) {
      f.minArr = amount(between[1]!, between[2]);
      f.maxArr = amount(between[3]!, between[4] ?? between[2]);
      return;
    }
  }
  for (const [re, key] of ARR_BOUNDS) {
    const m = rest.cut(re);
    if (m) f[key] = amount(m[1]!, m[2]);
  }
}

const QUARTER_NUMBER: Record<string, 1 | 2 | 3 | 4> = {
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  last: 4,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
};

const UNIT_DAYS: Record<string, number> = { day: 1, week: 7, month: 30, quarter: 91 };
const unitDays = (unit: string) => UNIT_DAYS[unit.replace(/s$/, '')] ?? 1;

function takeWindow(rest: Rest): RenewalWindow | null {
  const n = rest.cut(
    /(?:(?:in|within|over|during) )?(?:the )?(?:next|coming|upcoming|following) (\d{1,3}) (days?|weeks?|months?|quarters?)|(?:(?:in|within) )(\d{1,3}) (days?|weeks?|months?)|(\d{1,3}) (days?|weeks?|months?)(?: from now| out)?/,
  );
  if (n) {
    const count = Number(n[1] ?? n[3] ?? n[5]);
    return { unit: 'days', days: count * unitDays(n[2] ?? n[4] ?? n[6]!) };
  }
  const zh = rest.cut(
    /(?:未来|接下来|今后|之后|最近)?(\d{1,3})(天|日|周|个星期|星期|个月|月)(?:内|之内|以内|里)?/,
  );
  if (zh) {
    const unit = zh[2]!;
    const per = unit === '天' || unit === '日' ? 1 : unit.includes('月') ? 30 : 7;
    return { unit: 'days', days: Number(zh[1]) * per };
  }
  const q = rest.cut(
    /(?<![a-z0-9])(?:in )?q([1-4])(?![a-z0-9])|(?:in )?(?:the )?(first|second|third|fourth|1st|2nd|3rd|4th|last) quarter|第?([一二三四1-4])季度/u,
  );
  if (q) return { unit: 'quarter-of-year', quarter: QUARTER_NUMBER[q[1] ?? q[2] ?? q[3]!]! };
  const periods: [RegExp, RenewalWindow][] = [
    [
      /(?:by |before )?(?:the )?(?:end of (?:the |this )?week|(?:this|the current|current) week)|本周|这周|这个星期|本星期|这星期|这一周/,
      { unit: 'week', offset: 0 },
    ],
    [/next week|下周|下个星期|下星期|下一周/, { unit: 'week', offset: 1 }],
    [
      /(?:by |before )?(?:the )?(?:end of (?:the |this )?month|(?:this|the current|current) month)|本月|这个月|当月|这月/,
      { unit: 'month', offset: 0 },
    ],
    [/next month|下个月|下月|下一个月/, { unit: 'month', offset: 1 }],
    [
      /(?:by |before )?(?:the )?(?:end of (?:the |this )?quarter|(?:this|the current|current) quarter)|本季度|这个季度|这季度|当季|本季/,
      { unit: 'quarter', offset: 0 },
    ],
    [/next quarter|下季度|下个季度|下一季度|下一个季度|下季/, { unit: 'quarter', offset: 1 }],
  ];
  for (const [re, window] of periods) if (rest.cut(re)) return window;
  if (rest.cut(/(?<![\p{L}])(?:soon|coming up|upcoming)(?![\p{L}])|即将|快要|马上/u)) {
    return { unit: 'days', days: DEFAULT_WINDOW_DAYS };
  }
  return null;
}

function takeOwner(rest: Rest, f: AccountFilters): void {
  const email = rest.cut(
    /(?:owned by |of |for )?([a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,})(?:'s)?(?:负责的|的)?/,
  );
  if (email) {
    f.owner = { kind: 'email', email: email[1]! };
    return;
  }
  const by = rest.cut(
    /(?:owned|managed|run|handled) by ([a-z][a-z.-]*)|(?:that |which )?([a-z][a-z.-]*) (?:owns|manages)|([a-z][a-z.-]*)(?:负责的|名下的|管的)|([a-z][a-z.-]*)的/,
  );
  const named = by?.slice(1).find((g) => g !== undefined);
  if (named && named !== 'me' && named !== 'arr') {
    f.owner = { kind: 'name', name: named };
    return;
  }
  if (named === 'me') {
    f.owner = { kind: 'me' };
    return;
  }
  const possessive = /(?<![\p{L}])([a-z][a-z.-]*)'s(?![\p{L}])/u.exec(rest.text);
  if (possessive && !FILLER_EN.has(possessive[1]!) && !POSSESSIVE_NOT_OWNER.has(possessive[1]!)) {
    rest.cut(new RegExp(`(?<![\\p{L}])${possessive[1]!.replace(/[.-]/g, '\\$&')}'s`, 'u'));
    f.owner = { kind: 'name', name: possessive[1]! };
    return;
  }
  if (rest.take(MINE)) f.owner = { kind: 'me' };
}
const POSSESSIVE_NOT_OWNER = new Set(['what', 'who', 'that', 'it', 'there', 'here', 'how', 'let']);

interface Extracted {
  filters: AccountFilters;
  measure: Measure;
  renewWord: boolean;
}

/** Cuts every filter it knows out of `rest`, in an order where longer readings win. */
function extractFilters(rest: Rest): Extracted {
  const f: AccountFilters = {};
  takeOwner(rest, f);
  const window = takeWindow(rest);
  takeArr(rest, f);
  const rule = rest.take(RULES);
  if (rule) f.rule = rule;
  // "ARR renewing in Q4" opens with the money: the sum of it, as "total ARR" would be.
  const measure: Measure =
    rest.take(ARR_SUMS) || rest.cut(/^arr(?![\p{L}])/u)
      ? 'arr'
      : rest.take(COUNTS)
        ? 'count'
        : 'list';
  let renewWord = false;
  while (rest.take(RENEWS)) renewWord = true;
  if (window) f.renewal = window;
  else if (renewWord) f.renewal = { unit: 'days', days: DEFAULT_WINDOW_DAYS };
  const tier = rest.take(TIERS);
  if (tier) f.tier = tier;
  const segment = rest.take(SEGMENTS);
  if (segment) f.segment = segment;
  const bands = takeBands(rest);
  if (bands) f.bands = bands;
  if (rest.take(AT_RISK)) f.atRisk = true;
  const trend = rest.take(TRENDS);
  if (trend) f.trend = trend;
  return { filters: f, measure, renewWord };
}

const BAND_ORDER: Band[] = ['red', 'yellow', 'green'];

/** Every band named ("red or yellow", "红色和黄色"), in a fixed order. */
function takeBands(rest: Rest): Band[] | null {
  const found = new Set<Band>();
  for (let b = rest.take(BANDS); b; b = rest.take(BANDS)) for (const x of b) found.add(x);
  if (rest.cut(/(?<![\p{L}])unhealthy(?![\p{L}])|不健康/u)) {
    found.add('red');
    found.add('yellow');
  }
  return found.size === 0 ? null : BAND_ORDER.filter((b) => found.has(b));
}

/** What is left that no rule explained: Latin words not in the filler list, Chinese characters. */
function leftover(text: string): string[] {
  let zh = text;
  for (const w of FILLER_ZH_LONGEST) zh = zh.split(w).join(' ');
  return zh
    .split(/[^\p{L}\p{N}'@.-]+/u)
    .map((w) => w.replace(/^['.-]+|['.-]+$/g, ''))
    .filter((w) => w !== '' && !FILLER_EN.has(w));
}

function listQuestion(text: string): Question | null {
  const rest = new Rest(text);
  const { filters, measure, renewWord } = extractFilters(rest);
  const collection = COLLECTION.test(text);
  const understood = Object.keys(filters).length > 0 || measure !== 'list' || renewWord;
  if (!understood && !collection) return null;
  if (leftover(rest.text).length > 0) return null;
  return { kind: 'accounts', measure, filters };
}

// ---------------------------------------------------------------- not understood

/** The command closest to what was asked, for "I did not understand; try …". */
function unknown(text: string): Question {
  const has = (words: string[]) => words.some((w) => phrasePattern(w).test(text));
  let suggestion = '/cs help';
  if (has(RENEW_WORDS)) suggestion = '/renewals';
  else if (has([...AT_RISK_WORDS, 'red', 'alert', 'alerts', '红色', '告警', '警报']))
    suggestion = '/risk';
  else if (
    has([
      'follow up',
      'follow-up',
      'follow-ups',
      'followups',
      'todo',
      'task',
      'tasks',
      '跟进',
      '待办',
    ])
  ) {
    suggestion = '/followups';
  } else if (has(['health', 'score', 'portfolio', '健康', '分数'])) suggestion = '/health';
  return { kind: 'unknown', suggestion };
}
