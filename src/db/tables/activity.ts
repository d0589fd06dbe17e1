import type { Generated, Selectable } from 'kysely';
import type { CreatedAt, Day, Instant } from './accounts';

export interface UsageDailyTable {
  account_id: number;
  day: Day;
  active_users: number;
  seats: number | null;
  logins: number;
  core_features_used: number | null;
  core_features_total: number | null;
}

export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';
export type TicketStatus = 'open' | 'pending' | 'closed';
export interface TicketsTable {
  id: Generated<number>;
  external_id: string;
  account_id: number;
  priority: TicketPriority;
  status: TicketStatus;
  subject: string | null;
  opened_at: Instant;
  closed_at: Instant | null;
}

export interface SurveyAnswersTable {
  id: Generated<number>;
  external_id: string;
  account_id: number;
  kind: 'nps' | 'csat';
  score: number;
  respondent: string | null;
  comment: string | null;
  answered_on: Day;
  created_at: CreatedAt;
}
export type Ticket = Selectable<TicketsTable>;
export type SurveyAnswer = Selectable<SurveyAnswersTable>;
