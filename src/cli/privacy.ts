import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { erasePerson, exportPerson } from '../app/privacy';
import { type MessageKey, t } from '../cards/i18n/t';
import { TendError } from '../errors';
import { cliActor } from './audited-run';
import type { CliCommand } from './command';
import type { CliIo } from './io';
import { cliLocale } from './locale';
import { usageError, usageLines } from './usage-error';

/** Writes a file only its owner can read: it holds personal data. */
export function writePrivateFile(io: CliIo, path: string, text: string): string {
  const full = resolve(io.cwd, path);
  try {
    writeFileSync(full, text, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // The system's reason (EACCES, ENOENT …) stays as the system says it.
    const msg: { key: MessageKey; params: Record<string, string> } =
      code === 'EEXIST'
        ? { key: 'cli.fileExists', params: { file: path } }
        : { key: 'cli.cannotWrite', params: { file: path, reason: code ?? String(error) } };
    throw new TendError('export_file', t('en', msg.key, msg.params), 1, msg);
  }
  return full;
}

export const privacyCommand: CliCommand = {
  name: 'privacy',
  usage: [
    'tend privacy export <email> [--out <file>]',
    'tend privacy erase <email> --yes',
    'tend privacy status',
  ],
  summary: 'cli.help.privacy',
  forms: { 1: 'cli.help.privacy.1', 2: 'cli.help.privacy.2' },
  async run(args, ctx, io) {
    const [action, ...rest] = args;
    const requester = { origin: 'cli' as const, actor: cliActor(), place: io.cwd };
    if (action === 'export') {
      const outAt = rest.indexOf('--out');
      const out = outAt >= 0 ? rest[outAt + 1] : undefined;
      if (outAt >= 0 && !out) throw usageError('--out <file>');
      const words = rest.filter((_, i) => outAt < 0 || (i !== outAt && i !== outAt + 1));
      if (words.length !== 1) throw usageError(this.usage[0]);
      const doc = await exportPerson(ctx, words[0]!, requester);
      const text = `${JSON.stringify(doc, null, 2)}\n`;
      if (out) {
        const full = writePrivateFile(io, out, text);
        const n = Object.values(doc.records).reduce((sum, rows) => sum + rows.length, 0);
        io.err(t(cliLocale(ctx), 'cli.privacyWrote', { n, email: doc.email, file: full }));
      } else io.out(text.trimEnd());
      return 0;
    }
    if (action === 'erase') {
      const words = rest.filter((a) => a !== '--yes');
      if (words.length !== 1) throw usageError(this.usage[1]);
      if (!rest.includes('--yes')) {
        throw new TendError(
          'confirm',
          t(cliLocale(ctx), 'cli.privacyConfirm', { email: words[0]! }),
          2,
        );
      }
      const report = await erasePerson(ctx, words[0]!, requester);
      const counts = Object.entries(report.changed)
        .map(([table, n]) => `${n} ${table}`)
        .join(', ');
      const locale = cliLocale(ctx);
      io.out(
        t(locale, 'cli.privacyErased', {
          counts: counts || t(locale, 'cli.privacyNothing'),
          id: report.auditId,
        }),
      );
      return 0;
    }
    if (action === 'status' && rest.length === 0) {
      const { privacyStatusLines } = await import('./privacy-status');
      for (const line of await privacyStatusLines(ctx)) io.out(line);
      return 0;
    }
    io.err(usageLines(cliLocale(ctx), this.usage));
    return 2;
  },
};
