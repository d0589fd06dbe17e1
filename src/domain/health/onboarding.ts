import { daysBetween } from '../dates';
import { DEFAULT_HEALTH_SETTINGS, type HealthSettings } from './model';

/** True in the first onboardingDays of the contract (day 0 = contractStart). */
export function isOnboarding(
  contractStart: string | null,
  asOf: string,
  settings: HealthSettings = DEFAULT_HEALTH_SETTINGS,
): boolean {
  if (contractStart === null) return false;
  const age = daysBetween(contractStart, asOf);
  return age >= 0 && age < settings.onboardingDays;
}
