import type { Locale } from '../domain/locale';
import { type MessageKey, t } from './i18n/t';

/**
 * The built-in playbooks' titles (DEFAULT_PLAYBOOKS), by their English words. Runs store the
 * titles they were planned with, so a card words them when it is drawn: runs started before
 * the catalogs read in the reader's language too. A title someone configured differently
 * stays as typed.
 */
export const BUILT_IN_TITLE_KEY: Readonly<Record<string, MessageKey>> = {
  Onboarding: 'playbook.builtin.onboarding',
  'Kickoff call': 'playbook.builtin.kickoff',
  'Data set up': 'playbook.builtin.dataSetUp',
  'Time-to-value check': 'playbook.builtin.timeToValue',
  'First review': 'playbook.builtin.firstReview',
  Graduation: 'playbook.builtin.graduation',
  'Detractor recovery': 'playbook.builtin.detractorRecovery',
  'Call the respondent': 'playbook.builtin.callRespondent',
  'Agree a fix and share it': 'playbook.builtin.agreeFix',
  'Manager check-in with the sponsor': 'playbook.builtin.managerCheckIn',
  'Confirm the fix landed': 'playbook.builtin.fixLanded',
  Renewal: 'playbook.builtin.renewal',
  'Renewal plan and risks (120 days out)': 'playbook.builtin.renewalPlan',
  'Value review with the sponsor (90 days out)': 'playbook.builtin.valueReview',
  'Proposal sent (60 days out)': 'playbook.builtin.proposalSent',
  'Signature chased (30 days out)': 'playbook.builtin.signatureChased',
  'Usage decline rescue': 'playbook.builtin.usageRescue',
  'Find out why usage fell': 'playbook.builtin.whyUsageFell',
  'Re-training or enablement session': 'playbook.builtin.retraining',
  'Usage back on track?': 'playbook.builtin.usageBack',
};

/** A playbook or step title in `locale`: a built-in one from the catalogs, else as stored. */
export function playbookWordsIn(locale: Locale, title: string): string {
  const key = Object.hasOwn(BUILT_IN_TITLE_KEY, title) ? BUILT_IN_TITLE_KEY[title] : undefined;
  return key ? t(locale, key) : title;
}
