import type { Readable } from 'node:stream';
import type { Db } from '../db/schema';
import {
  type EntityName,
  fieldsOf,
  type RowError,
  requiredFieldsOf,
  validateRecords,
} from '../domain/ingest';
import { dayIn } from '../domain/time-zone';
import type { AppContext } from './context';
import { afterIngest } from './ingest-after';
import { readCsv } from './ingest-csv-source';
import { type ChunkOutcome, resolveAccounts, writeChunk } from './ingest-write';

/** Rows per set-based upsert: big enough to amortise a round trip, small enough for memory. */
export const CSV_CHUNK_ROWS = 20_000;
/** How many bad rows a report shows (the count covers them all). */
export const CSV_SHOWN_ERRORS = 20;

export interface CsvReport {
  read: number;
  written: number;
  unchanged: number;
  rejected: number;
  /** The first bad rows, `index` being the line in the file. */
  errors: RowError[];
}

export interface CsvProgress {
  bytes: number;
  rows: number;
}

class Rejected extends Error {}

interface Chunk {
  header: string[];
  records: string[][];
  lines: number[];
}

/**
 * Imports one CSV file, all or nothing: rows are validated as they stream in and written in
 * large chunks inside one transaction; any bad row rolls the whole file back (but reading goes
 * on, so the report counts every bad row). Writing a chunk overlaps parsing the next one.
 */
export async function importCsv(
  ctx: AppContext,
  entity: EntityName,
  input: Readable,
  onProgress: (p: CsvProgress) => void = () => {},
): Promise<CsvReport> {
  const now = ctx.clock.now();
  const today = dayIn(now, 'UTC');
  const fields = { known: fieldsOf(entity), required: requiredFieldsOf(entity) };
  const report: CsvReport = { read: 0, written: 0, unchanged: 0, rejected: 0, errors: [] };
  const progress: CsvProgress = { bytes: 0, rows: 0 };
  const rejectedLines = new Set<number>();
  // Chunks arrive in file order, so the first lines with errors are the first ones noted.
  const note = (errors: RowError[]) => {
    for (const e of errors.sort((a, b) => a.index - b.index)) {
      rejectedLines.add(e.index);
      const lines = new Set(report.errors.map((x) => x.index));
      if (lines.size < CSV_SHOWN_ERRORS || lines.has(e.index)) report.errors.push(e);
    }
  };
  let touched = new Set<number>();

  const step = async (db: Db, chunk: Chunk): Promise<ChunkOutcome | null> => {
    const { header, records, lines } = chunk;
    const { valid, errors } = validateRecords(entity, header, records, lines, today);
    if (errors.length > 0 || rejectedLines.size > 0) {
      // The file has failed: only look for unknown accounts, to report them too.
      note([...errors, ...(await resolveAccounts(db, entity, valid)).errors]);
      return null;
    }
    const outcome = await writeChunk(db, entity, valid, now);
    if (!outcome.ok) note(outcome.errors);
    return outcome;
  };

  try {
    await ctx.db.transaction().execute(async (trx) => {
      let pending: Promise<void> = Promise.resolve();
      let chunk: Chunk = { header: [], records: [], lines: [] };
      const flush = async () => {
        const rows = chunk;
        chunk = { header: rows.header, records: [], lines: [] };
        await pending;
        pending = step(trx, rows).then((outcome) => {
          if (outcome?.ok) {
            report.written += outcome.result.written;
            for (const id of outcome.result.accountIds) touched.add(id);
          }
          progress.rows = report.read;
          onProgress(progress);
        });
        // A failed write must surface now, not after the whole file is read.
        pending.catch(() => {});
      };
      const onBytes = (n: number) => {
        progress.bytes += n;
      };
      for await (const batch of readCsv(input, fields, onBytes)) {
        report.read += batch.records.length;
        chunk.header = batch.header;
        for (let i = 0; i < batch.records.length; i++) {
          chunk.records.push(batch.records[i] ?? []);
          chunk.lines.push(batch.lines[i] ?? 0);
          if (chunk.records.length >= CSV_CHUNK_ROWS) await flush();
        }
      }
      await flush();
      await pending;
      if (rejectedLines.size > 0) throw new Rejected();
    });
  } catch (error) {
    if (!(error instanceof Rejected)) throw error;
    report.written = 0;
    touched = new Set();
  }
  report.rejected = rejectedLines.size;
  report.unchanged = report.rejected > 0 ? 0 : report.read - report.written;
  report.errors.sort((a, b) => a.index - b.index);
  await afterIngest(ctx, entity, [...touched]);
  return report;
}
