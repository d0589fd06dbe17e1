import { daysBetween } from '../dates';
import { type Fact, type MeasureFacts, withDetail } from './facts';
import type { HealthInputs, HealthSettings, MeasureScore, NpsAnswer } from './model';
import { clamp, toMeasureScore } from './scale';

type SentimentInputs = Pick<HealthInputs, 'asOf' | 'npsAnswers' | 'csatAverage'>;

const isPromoter = (a: NpsAnswer): boolean => a.score >= 9;
const isDetractor = (a: NpsAnswer): boolean => a.score <= 6;

/** Account NPS (−100..100) mapped linearly to 0–100. */
function npsScore(answers: NpsAnswer[]): number {
  const promoters = answers.filter(isPromoter).length;
  const detractors = answers.filter(isDetractor).length;
  const nps = (100 * (promoters - detractors)) / answers.length;
  return (nps + 100) / 2;
}

/** The latest detractor names the person to call; among same-day answers, the lowest. */
function detractorFact(detractors: NpsAnswer[]): Fact {
  const worst = detractors.reduce((w, a) =>
    a.answeredOn > w.answeredOn || (a.answeredOn === w.answeredOn && a.score < w.score) ? a : w,
  );
  if (detractors.length === 1)
    return ['detractor', worst.score, worst.respondent, worst.answeredOn];
  return ['detractors', detractors.length, worst.score, worst.respondent, worst.answeredOn];
}

function npsFact(answers: NpsAnswer[], score: number): Fact {
  const detractors = answers.filter(isDetractor);
  if (detractors.length > 0) return detractorFact(detractors);
  return ['nps', Math.round(score * 2 - 100), answers.length];
}

export function sentimentFacts(inputs: SentimentInputs, settings: HealthSettings): MeasureFacts {
  const { npsWindowDays, csatWeight } = settings.sentiment;
  // SQL already windows the answers; filtering again keeps the function honest on its own.
  const answers = inputs.npsAnswers.filter(
    (a) => daysBetween(a.answeredOn, inputs.asOf) <= npsWindowDays,
  );
  const csat = inputs.csatAverage;
  const csatPart = csat === null ? null : clamp(((csat - 1) / 4) * 100, 0, 100);
  const npsPart = answers.length > 0 ? npsScore(answers) : null;

  if (npsPart === null && csatPart === null) return { score: null, facts: [['sentiment_none']] };
  // Kept to the one decimal it is shown with, so the stored fact words exactly as before.
  const csatFact: Fact = ['csat', csat === null ? 0 : Number(csat.toFixed(1))];
  if (npsPart === null) return { score: toMeasureScore(csatPart ?? 0), facts: [csatFact] };
  if (csatPart === null) {
    return { score: toMeasureScore(npsPart), facts: [npsFact(answers, npsPart)] };
  }

  const score = toMeasureScore((1 - csatWeight) * npsPart + csatWeight * csatPart);
  const npsLoss = (1 - csatWeight) * (100 - npsPart);
  const csatLoss = csatWeight * (100 - csatPart);
  return { score, facts: [csatLoss > npsLoss ? csatFact : npsFact(answers, npsPart)] };
}

export function scoreSentiment(inputs: SentimentInputs, settings: HealthSettings): MeasureScore {
  return withDetail(sentimentFacts(inputs, settings));
}
