import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type CsvProgress, importCsv } from '../app/ingest-csv';
import { ENTITY_NAMES, isEntityName } from '../domain/ingest';
import { TendError } from '../errors';
import type { CliCommand } from './command';
import type { CliIo } from './io';

/** A one-line bar redrawn in place (cursor up, clear line): io.err always ends lines. */
function progressBar(io: CliIo, total: number): (p: CsvProgress) => void {
  let drawn = false;
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 200 && p.bytes < total) return;
    last = now;
    const share = total > 0 ? Math.min(1, p.bytes / total) : 1;
    const filled = Math.round(share * 30);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}]`;
    const text = `${bar} ${Math.round(share * 100)}%  ${p.rows.toLocaleString('en')} rows`;
    io.err(`${drawn ? '\x1b[1A\x1b[2K' : ''}${text}`);
    drawn = true;
  };
}

export const importCommand: CliCommand = {
  name: 'import',
  usage: [`tend import <${ENTITY_NAMES.join('|')}> <file.csv>`],
  summary: 'load a CSV file (all or nothing: one bad row and nothing is written)',
  async run(args, ctx, io) {
    const [entity, file, ...rest] = args;
    if (!entity || !file || rest.length > 0 || !isEntityName(entity)) {
      io.err(`usage: ${this.usage[0]}`);
      return 2;
    }
    const path = resolve(io.cwd, file);
    let size: number;
    try {
      const stat = statSync(path);
      if (!stat.isFile()) throw new Error('not a file');
      size = stat.size;
    } catch {
      throw new TendError('no_file', `cannot read ${file}: no such file`);
    }
    const report = await importCsv(
      ctx,
      entity,
      createReadStream(path),
      io.interactive ? progressBar(io, size) : undefined,
    );
    const counts = `${report.read} rows read, ${report.written} written, ${report.unchanged} unchanged, ${report.rejected} rejected`;
    if (report.rejected === 0) {
      io.out(`${file}: ${counts}`);
      return 0;
    }
    io.err(`${file}: ${counts}; nothing was written (a file is all or nothing)`);
    const lines = [...new Set(report.errors.map((e) => e.index))];
    for (const e of report.errors) io.err(`  line ${e.index}: ${e.field}: ${e.reason}`);
    if (report.rejected > lines.length)
      io.err(`  … and ${report.rejected - lines.length} more bad rows`);
    return 1;
  },
};
