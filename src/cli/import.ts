import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type CsvProgress, importCsv } from '../app/ingest-csv';
import { userError } from '../app/user-error';
import { t } from '../cards/i18n/t';
import { rowReasonText } from '../cards/row-reason';
import { ENTITY_NAMES, isEntityName } from '../domain/ingest';
import type { Locale } from '../domain/locale';
import type { CliCommand } from './command';
import type { CliIo } from './io';
import { cliLocale } from './locale';
import { usageLines } from './usage-error';

/** A one-line bar redrawn in place (cursor up, clear line): io.err always ends lines. */
export function progressBar(io: CliIo, total: number, locale: Locale): (p: CsvProgress) => void {
  let drawn = false;
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 200 && p.bytes < total) return;
    last = now;
    const share = total > 0 ? Math.min(1, p.bytes / total) : 1;
    const filled = Math.round(share * 30);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}]`;
    const text = `${bar} ${t(locale, 'cli.importProgress', { pct: Math.round(share * 100), rows: p.rows })}`;
    io.err(`${drawn ? '\x1b[1A\x1b[2K' : ''}${text}`);
    drawn = true;
  };
}

export const importCommand: CliCommand = {
  name: 'import',
  usage: [`tend import <${ENTITY_NAMES.join('|')}> <file.csv>`],
  summary: 'cli.help.import',
  async run(args, ctx, io) {
    const [entity, file, ...rest] = args;
    if (!entity || !file || rest.length > 0 || !isEntityName(entity)) {
      io.err(usageLines(cliLocale(ctx), [this.usage[0] ?? '']));
      return 2;
    }
    const path = resolve(io.cwd, file);
    let size: number;
    try {
      const stat = statSync(path);
      if (!stat.isFile()) throw new Error('not a file');
      size = stat.size;
    } catch {
      throw userError('no_file', 'cli.noFile', { file });
    }
    const report = await importCsv(
      ctx,
      entity,
      createReadStream(path),
      io.interactive ? progressBar(io, size, cliLocale(ctx)) : undefined,
    );
    const locale = cliLocale(ctx);
    const counts = {
      file,
      read: report.read,
      written: report.written,
      unchanged: report.unchanged,
      rejected: report.rejected,
    };
    if (report.rejected === 0) {
      io.out(t(locale, 'cli.importCounts', counts));
      return 0;
    }
    io.err(t(locale, 'cli.importRejected', counts));
    const lines = [...new Set(report.errors.map((e) => e.index))];
    // The validator words reasons in English (the API's); the person reads them in theirs.
    for (const e of report.errors) {
      const reason = rowReasonText(locale, e.reason);
      io.err(t(locale, 'cli.importLine', { line: e.index, field: e.field, reason }));
    }
    if (report.rejected > lines.length) {
      io.err(t(locale, 'cli.importMore', { n: report.rejected - lines.length }));
    }
    return 1;
  },
};
