import { percent } from './stats';

export interface SurveyScore {
  kind: 'nps' | 'csat';
  score: number;
}

export interface SurveyFigures {
  /** % promoters (9–10) − % detractors (0–6), from −100 to 100; null with no NPS answer. */
  nps: number | null;
  npsAnswers: number;
  detractors: number;
  /** % of CSAT answers that are 4 or 5 (of 1–5); null with no CSAT answer. */
  csat: number | null;
  csatAnswers: number;
}

export function surveyFigures(answers: readonly SurveyScore[]): SurveyFigures {
  let promoters = 0;
  let detractors = 0;
  let nps = 0;
  let satisfied = 0;
  let csat = 0;
  for (const a of answers) {
    if (a.kind === 'nps') {
      nps++;
      if (a.score >= 9) promoters++;
      else if (a.score <= 6) detractors++;
    } else {
      csat++;
      if (a.score >= 4) satisfied++;
    }
  }
  const promoterShare = percent(promoters, nps);
  const detractorShare = percent(detractors, nps);
  return {
    nps: promoterShare === null || detractorShare === null ? null : promoterShare - detractorShare,
    npsAnswers: nps,
    detractors,
    csat: percent(satisfied, csat),
    csatAnswers: csat,
  };
}
