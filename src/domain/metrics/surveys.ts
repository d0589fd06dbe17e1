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

/** What the survey figures are made of: answers counted by kind and class. */
export interface SurveyCounts {
  nps: number;
  promoters: number;
  detractors: number;
  csat: number;
  satisfied: number;
}

export function surveyFigures(answers: readonly SurveyScore[]): SurveyFigures {
  const c: SurveyCounts = { nps: 0, promoters: 0, detractors: 0, csat: 0, satisfied: 0 };
  for (const a of answers) {
    if (a.kind === 'nps') {
      c.nps++;
      if (a.score >= 9) c.promoters++;
      else if (a.score <= 6) c.detractors++;
    } else {
      c.csat++;
      if (a.score >= 4) c.satisfied++;
    }
  }
  return surveyFiguresOf(c);
}

/** The figures from counts (the store counts in SQL; surveyFigures counts rows). */
export function surveyFiguresOf(c: SurveyCounts): SurveyFigures {
  const { promoters, detractors, nps, satisfied, csat } = c;
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
