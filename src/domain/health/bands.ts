import { type Band, DEFAULT_HEALTH_SETTINGS, type HealthSettings } from './model';

export function bandFor(score: number, settings: HealthSettings = DEFAULT_HEALTH_SETTINGS): Band {
  if (score >= settings.bands.green) return 'green';
  if (score >= settings.bands.yellow) return 'yellow';
  return 'red';
}
