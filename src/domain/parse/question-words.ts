import type { Band } from '../health';
import type { RuleName } from '../rules/model';
import type { Trend } from './question-model';

/**
 * The words the question parser knows, English and Chinese. Each list is tried longest phrase
 * first, so "中型企业" is read as mid-market before "企业" could be read as enterprise, and
 * "黄金" (gold) before "黄" (yellow). Latin phrases match on word boundaries; Chinese ones
 * anywhere (Chinese has no spaces).
 */
export interface Phrase<T> {
  words: string[];
  value: T;
}

export const RULE_WORDS: Phrase<RuleName>[] = [
  {
    value: 'renewal_at_risk',
    words: [
      'renewal at risk',
      'renewals at risk',
      'at-risk renewals',
      'at risk renewals',
      '续约风险',
      '续约有风险',
    ],
  },
  {
    value: 'usage_decline',
    words: [
      'usage decline',
      'usage declining',
      'usage is declining',
      'declining usage',
      'usage dropping',
      'usage is dropping',
      'usage dropped',
      'usage drop',
      'dropping usage',
      'usage down',
      'usage is down',
      'falling usage',
      'usage falling',
      'less usage',
      '使用量下降',
      '使用量下滑',
      '用量下降',
      '用量下滑',
      '使用下降',
      '使用率下降',
      '使用量减少',
      '用量减少',
    ],
  },
  {
    value: 'onboarding_stall',
    words: [
      'stalled onboarding',
      'onboarding stalled',
      'onboarding stall',
      'stuck in onboarding',
      'stuck onboarding',
      'onboarding stuck',
      '上线停滞',
      '入职停滞',
      '实施停滞',
      '上线卡住',
      '上手停滞',
      '启用停滞',
    ],
  },
  {
    value: 'inactivity',
    words: [
      'inactive',
      'inactivity',
      'no logins',
      'no login',
      'not logged in',
      "haven't logged in",
      'have not logged in',
      'no activity',
      'dormant',
      '不活跃',
      '很久没登录',
      '没有登录',
      '没登录',
      '未登录',
      '没人登录',
      '不登录',
    ],
  },
  {
    value: 'detractor',
    words: [
      'detractors',
      'detractor',
      'bad nps',
      'low nps',
      'nps detractor',
      '贬损者',
      '贬损',
      '差评',
      'nps低',
      '低nps',
    ],
  },
  {
    value: 'urgent_ticket',
    words: [
      'urgent tickets',
      'urgent ticket',
      'urgent support tickets',
      'urgent support ticket',
      'p1 tickets',
      'p1 ticket',
      '紧急工单',
      '紧急的工单',
      '紧急支持工单',
      '紧急问题',
    ],
  },
  {
    value: 'score_drop',
    words: [
      'score drop',
      'score dropped',
      'score fell',
      'score_drop',
      '分数骤降',
      '分数下降',
      '健康分下降',
    ],
  },
  {
    value: 'band_drop',
    words: ['band drop', 'dropped a band', 'changed band', 'band_drop', '降级', '掉档'],
  },
];

export const TREND_WORDS: Phrase<Trend>[] = [
  {
    value: 'dropping',
    words: [
      'dropping',
      'dropped',
      'drop',
      'declining',
      'declined',
      'falling',
      'fell',
      'going down',
      'trending down',
      'getting worse',
      'got worse',
      'worsening',
      'deteriorating',
      'slipping',
      '下降',
      '下滑',
      '变差',
      '变坏',
      '恶化',
      '走低',
      '降低',
      '下跌',
      '变糟',
    ],
  },
  {
    value: 'improving',
    words: [
      'improving',
      'improved',
      'getting better',
      'got better',
      'trending up',
      'going up',
      'recovering',
      'recovered',
      'rising',
      '好转',
      '改善',
      '提升',
      '上升',
      '变好',
      '回升',
      '进步',
    ],
  },
];

/** "not green" and its kin name two bands; checked before the single colours. */
export const BAND_WORDS: Phrase<Band[]>[] = [
  {
    value: ['red', 'yellow'],
    words: [
      'not green',
      'non-green',
      'non green',
      "isn't green",
      "aren't green",
      'are not green',
      'is not green',
      'red or yellow',
      'yellow or red',
      'red and yellow',
      'yellow and red',
      '不是绿色',
      '非绿色',
      '不是绿的',
      '不是绿灯',
      '非绿',
      '不绿',
      '红色或黄色',
      '红黄',
    ],
  },
  {
    value: ['yellow', 'green'],
    words: [
      'not red',
      'non-red',
      "isn't red",
      "aren't red",
      'are not red',
      '不是红色',
      '非红色',
      '不是红的',
    ],
  },
  { value: ['red'], words: ['red', '红色', '红灯', '亮红灯', '变红', '红'] },
  { value: ['yellow'], words: ['yellow', 'amber', '黄色', '黄灯', '黄'] },
  { value: ['green'], words: ['green', 'healthy', '绿色', '绿灯', '健康的', '绿'] },
];

export const AT_RISK_WORDS = ['at risk', 'at-risk', 'risky', 'in danger', '有风险', '风险', '危险'];

export const SEGMENT_WORDS: Phrase<string>[] = [
  {
    value: 'mid-market',
    words: [
      'mid-market',
      'midmarket',
      'mid market',
      'mm',
      '中型企业',
      '中端市场',
      '中型',
      '中端',
      '腰部',
    ],
  },
  {
    value: 'smb',
    words: [
      'smb',
      'smbs',
      'small business',
      'small businesses',
      'small',
      '中小企业',
      '小企业',
      '小型企业',
      '小微企业',
      '小微',
      '小客户',
    ],
  },
  {
    value: 'enterprise',
    words: ['enterprise', 'enterprises', 'ent', '企业级', '大型企业', '大企业', '大客户', '企业'],
  },
];

export const TIER_WORDS: Phrase<string>[] = [
  { value: 'gold', words: ['gold', 'golden', '金牌', '黄金', '金卡', '金级'] },
  { value: 'silver', words: ['silver', '银牌', '白银', '银卡', '银级'] },
  { value: 'bronze', words: ['bronze', '铜牌', '青铜', '铜卡', '铜级'] },
];

export const COUNT_WORDS = [
  'how many',
  'number of',
  'count of',
  'count',
  '# of',
  '多少个',
  '多少家',
  '几个',
  '几家',
  '有多少',
  '数量',
  '多少',
];

export const ARR_SUM_WORDS = [
  'how much arr',
  'how much revenue',
  'how much money',
  'total arr',
  'arr total',
  'sum of arr',
  'arr sum',
  'combined arr',
  'how much',
  'arr总额',
  'arr总计',
  'arr合计',
  '总arr',
  'arr总和',
  '多少arr',
  'arr有多少',
  'arr多少',
  '总金额',
  '金额',
  '多少钱',
];

export const RENEW_WORDS = [
  'renewing',
  'renewals',
  'renewal',
  'renews',
  'renew',
  'up for renewal',
  'expiring',
  'expire',
  '续约',
  '续费',
  '续签',
  '到期',
];

export const MINE_WORDS = [
  'owned by me',
  'i own',
  'mine',
  'my',
  '我负责的',
  '我名下的',
  '我名下',
  '我的',
];

/** Words that carry no filter: what may be left over once the filters are taken out. */
export const FILLER_EN = new Set(
  (
    'a all an and any are as at be been being by can could customers customer clients client ' +
    'companies company currently did do does each for from get give have has i in is it list ' +
    'me now of on one ones or our please right show tell that the their them there these they ' +
    'this those to us we were what whats which who whose with within within? you accounts ' +
    'account tier segment arr renewing renewal renewals renew renews up due will are? find ' +
    'display let see know lately recently still tend hey hi total its status how doing ' +
    'going looking health score whose'
  ).split(' '),
);

export const FILLER_ZH = [
  '有哪些',
  '谁的',
  '健康度',
  '健康分',
  '分数',
  '是哪些',
  '哪几个',
  '哪几家',
  '哪些',
  '哪个',
  '哪家',
  '列出',
  '显示',
  '给我',
  '帮我',
  '看看',
  '看一下',
  '查一下',
  '查看',
  '一下',
  '所有',
  '全部',
  '目前',
  '现在',
  '最近',
  '其中',
  '客户',
  '账户',
  '账号',
  '公司',
  '层级',
  '级别',
  '并且',
  '而且',
  '还有',
  '负责',
  '请',
  '且',
  '和',
  '的',
  '了',
  '吗',
  '呢',
  '是',
  '有',
  '在',
  '中',
  '里',
  '都',
  '还',
  '家',
  '个',
  '呀',
  '啊',
  '哪',
];
