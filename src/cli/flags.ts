import type { z } from 'zod';
import { type MessageKey, t } from '../cards/i18n/t';
import { TendError } from '../errors';

/**
 * What a flag takes, said when its value does not fit. zod checks the value; its words
 * ("Too big: expected number to be <=730") are English and name no flag, so the person reads
 * ours instead, in the command line's language.
 */
export type FlagRule =
  | { kind: 'count'; min: number; max: number }
  | { kind: 'day' }
  /** A problem of its own (a flag that must be there, such as `seed --demo`). */
  | { kind: 'said'; key: MessageKey };

function flagError(key: MessageKey, params: Record<string, string | number>): TendError {
  return new TendError('bad_flag', t('en', key, params), 2, { key, params });
}

/**
 * node:util parseArgs' refusal (an unknown option, an option without its value, a word where
 * none is taken) as a catalog sentence naming the flag, with the command's form.
 */
export function parseArgsError(error: unknown, forms: string): TendError {
  const e = error as { code?: string; message?: string };
  const quoted = /'([^']+)'/.exec(e.message ?? '')?.[1] ?? '';
  const flag = quoted.split(' ')[0] ?? quoted;
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return flagError('cli.flag.unknown', { flag, forms });
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      // "Option '--days <value>' argument missing", or "Option '--demo' does not take an argument".
      return /does not take/.test(e.message ?? '')
        ? flagError('cli.flag.noArgument', { flag, forms })
        : flagError('cli.flag.noValue', { flag, forms });
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return flagError('cli.flag.unexpected', { given: quoted, forms });
    default:
      throw error;
  }
}

/** The first flag zod refused, said with what that flag takes and what was given. */
export function flagValueError(
  issues: readonly z.core.$ZodIssue[],
  values: Record<string, unknown>,
  rules: Record<string, FlagRule>,
): TendError {
  const issue = issues[0];
  const name = String(issue?.path[0] ?? '');
  const rule = rules[name];
  const flag = `--${name}`;
  const given = String(values[name] ?? '');
  if (!rule) throw new Error(`no flag rule for ${flag}`);
  if (rule.kind === 'count') {
    return flagError('cli.flag.count', { flag, min: rule.min, max: rule.max, given });
  }
  if (rule.kind === 'day') return flagError('cli.flag.day', { flag, given });
  return flagError(rule.key, { flag });
}
