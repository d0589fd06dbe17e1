import { daysBetween, shortDay } from '../dates';
import type { HealthInputs, HealthSettings, MeasureScore, NpsAnswer } from './model';
import { clamp, plural, toMeasureScore } from './scale';

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

function signed(n: number): string {
  return n > 0 ? `+${n}` : `${n}`;
}

/** The latest detractor names the person to call; among same-day answers, the lowest. */
function detractorFact(detractors: NpsAnswer[]): string {
  const [worst] = [...detractors].sort(
    (a, b) => b.answeredOn.localeCompare(a.answeredOn) || a.score - b.score,
  );
  if (!worst) return '';
  const who = worst.respondent ? ` from ${worst.respondent}` : '';
  const fact = `NPS ${worst.score}${who} on ${shortDay(worst.answeredOn)}`;
  if (detractors.length === 1) return `detractor ${fact}`;
  return `${detractors.length} detractors, latest ${fact}`;
}

function npsFact(answers: NpsAnswer[], score: number): string {
  const detractors = answers.filter(isDetractor);
  if (detractors.length > 0) return detractorFact(detractors);
  const nps = Math.round(score * 2 - 100);
  return `NPS ${signed(nps)} from ${plural(answers.length, 'answer')}`;
}

export function scoreSentiment(inputs: SentimentInputs, settings: HealthSettings): MeasureScore {
  const { npsWindowDays, csatWeight } = settings.sentiment;
  // SQL already windows the answers; filtering again keeps the function honest on its own.
  const answers = inputs.npsAnswers.filter(
    (a) => daysBetween(a.answeredOn, inputs.asOf) <= npsWindowDays,
  );
  const csat = inputs.csatAverage;
  const csatPart = csat === null ? null : clamp(((csat - 1) / 4) * 100, 0, 100);
  const npsPart = answers.length > 0 ? npsScore(answers) : null;

  if (npsPart === null && csatPart === null) return { score: null, detail: 'no survey data' };
  const csatText = csat === null ? '' : `CSAT ${csat.toFixed(1)} of 5`;
  if (npsPart === null) return { score: toMeasureScore(csatPart ?? 0), detail: csatText };
  if (csatPart === null) {
    return { score: toMeasureScore(npsPart), detail: npsFact(answers, npsPart) };
  }

  const score = toMeasureScore((1 - csatWeight) * npsPart + csatWeight * csatPart);
  const npsLoss = (1 - csatWeight) * (100 - npsPart);
  const csatLoss = csatWeight * (100 - csatPart);
  return { score, detail: csatLoss > npsLoss ? csatText : npsFact(answers, npsPart) };
}
