import { type MessageKey, t, tm } from '../cards/i18n/t';
import { loadConfig } from '../config';
import { lockHolder } from '../db/data-dir-lock';
import { type Locale, shellLocale } from '../domain/locale';
import { isTendError } from '../errors';
import { runAudited } from './audited-run';
import { commands, findCommand } from './commands';
import { openContext } from './context';
import { forwardToServer } from './forward';
import type { CliIo, ExitCode } from './io';
import { assertPortFree } from './port-check';

/**
 * `tend help`: each form with what it does (a command's summary beside its first form, each
 * further form's own line beside it, never the summary repeated), in one aligned column.
 */
export function usage(locale: Locale = 'en'): string {
  const said = (key: MessageKey | undefined) => (key ? t(locale, key) : '');
  const rows: [string, string][] = [
    ['tend serve', t(locale, 'cli.help.serve')],
    ...commands.flatMap((c) =>
      c.usage.map((u, i): [string, string] => [u, said(i === 0 ? c.summary : c.forms?.[i])]),
    ),
  ];
  const width = Math.max(...rows.map(([u]) => u.length)) + 2;
  const lines = rows.map(([u, what]) => `  ${u.padEnd(width)}${what}`.trimEnd());
  return `${t(locale, 'cli.help.usage')}\n${lines.join('\n')}`;
}

/** The language of an error line: TEND_LANG, else a Chinese LANG, else the settings' own. */
function errorLocale(env: NodeJS.ProcessEnv): Locale {
  const chosen = shellLocale(env);
  if (chosen) return chosen;
  try {
    return loadConfig(env).settings.language;
  } catch {
    // Configuration problems are worded by loadConfig itself, in the language it could read.
    return 'en';
  }
}

/**
 * Runs one CLI command. Every failure a user can cause ends in one line on stderr and a
 * non-zero exit; only programming errors show a stack.
 */
export async function runCli(
  argv: string[],
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ExitCode> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.out(usage(errorLocale(env)));
    return name ? 0 : 2;
  }
  try {
    if (name === 'serve') {
      const config = loadConfig(env);
      await assertPortFree(config.http.port, config.http.host);
      const { serve } = await import('../main');
      return await serve(config, io);
    }
    const command = findCommand(name);
    if (!command) {
      io.err(t(errorLocale(env), 'cli.unknownCommand', { name }));
      return 2;
    }
    const config = loadConfig(env);
    if (config.database.kind === 'embedded' && lockHolder(config.database.dataDir) !== null) {
      // A server holds the embedded database: it runs the command for us.
      return await forwardToServer(config.database.dataDir, argv, io);
    }
    const { ctx, handle } = await openContext(config, { migrate: !command.migratesItself });
    try {
      return await runAudited(command, args, ctx, io);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (isTendError(error)) {
      // A problem with catalog words is told in the command line's language (as cliLocale
      // picks it, without the settings when they could not be read: then English).
      const locale = errorLocale(env);
      io.err(`tend: ${error.msg && locale !== 'en' ? tm(locale, error.msg) : error.message}`);
      return error.exitCode;
    }
    throw error;
  }
}
