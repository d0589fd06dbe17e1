import { statsAnswer } from '../app/stats';
import { teamMetrics } from '../app/team-metrics';
import { problemText } from '../cards/problem-text';
import { renderText } from '../cards/text';
import { DEFINITIONS, PERIOD_NAMES } from '../domain/metrics';
import { parseCommand } from '../domain/parse/command';
import { TendError } from '../errors';
import type { CliCommand } from './command';
import { cliLocale } from './locale';
import { usageError } from './usage-error';

const USAGE = `tend stats [team|<e-mail>] [${PERIOD_NAMES.join('|')}] [--json]`;

/** `/stats` on the command line: the same card as text, or the API's JSON with --json. */
export const statsCommand: CliCommand = {
  name: 'stats',
  usage: [USAGE],
  summary: 'cli.help.stats',
  async run(args, ctx, io) {
    const json = args.includes('--json');
    const words = args.filter((a) => a !== '--json');
    if (words.some((w) => w.startsWith('--'))) throw usageError(USAGE);
    const command = parseCommand(`stats ${words.join(' ')}`, '1970-01-01');
    if (command.kind === 'invalid') {
      throw new TendError('usage', problemText(cliLocale(ctx), command.problem), 2);
    }
    if (command.kind !== 'stats') throw usageError(USAGE);
    if (command.who.kind === 'me') {
      throw new TendError('usage', 'the command line has no "me": name the person by e-mail', 2, {
        key: 'cli.noMe',
      });
    }
    if (json) {
      const scope =
        command.who.kind === 'person'
          ? { kind: 'person' as const, email: command.who.email }
          : { kind: 'team' as const };
      const metrics = await teamMetrics(ctx, scope, command.period);
      io.out(JSON.stringify({ ...metrics, definitions: DEFINITIONS }, null, 2));
      return 0;
    }
    const card = await statsAnswer(ctx, command.who, command.period, null, cliLocale(ctx));
    io.out(renderText(card));
    return 0;
  },
};
