import { type Readable, Transform } from 'node:stream';
import { parse } from 'csv-parse';
import { TendError } from '../errors';

/** One data row of a CSV file: its cells by header name, and the line it ends on. */
export interface CsvRecord {
  line: number;
  cells: Record<string, string>;
  /** Set when the row has more or fewer cells than the header. */
  widthError?: string;
}

/**
 * Refuses bytes that are not UTF-8 (a Latin-1 export would otherwise turn names into
 * replacement characters silently) and counts bytes for the progress bar.
 */
function utf8Guard(onBytes: (n: number) => void): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  const fail = () =>
    new TendError('not_utf8', `the file is not UTF-8 (near byte ${offset}); save it as UTF-8`);
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      try {
        const text = decoder.decode(chunk, { stream: true });
        offset += chunk.length;
        onBytes(chunk.length);
        done(null, text);
      } catch {
        done(fail());
      }
    },
    flush(done) {
      try {
        done(null, decoder.decode());
      } catch {
        done(fail());
      }
    },
  });
}

/**
 * Streams a CSV file as header-keyed records. The header must name only known fields and every
 * required one; a bad header stops the import before any row is read.
 */
export async function* readCsv(
  input: Readable,
  fields: { known: readonly string[]; required: readonly string[] },
  onBytes: (n: number) => void,
): AsyncGenerator<CsvRecord> {
  const parser = parse({
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
  });
  const guard = utf8Guard(onBytes);
  input.on('error', (e) => guard.destroy(e));
  guard.on('error', (e) => parser.destroy(e));
  input.pipe(guard).pipe(parser);
  let header: string[] | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      if (!header) {
        header = checkHeader(record, fields);
        continue;
      }
      const cells: Record<string, string> = {};
      header.forEach((name, i) => {
        const cell = record[i];
        if (cell !== undefined && cell !== '') cells[name] = cell;
      });
      const widthError =
        record.length === header.length
          ? undefined
          : `has ${record.length} cells, the header has ${header.length}`;
      yield { line: info.lines, cells, widthError };
    }
  } catch (error) {
    if (error instanceof TendError) throw error;
    const e = error as { code?: string; lines?: number; message: string };
    if (e.code?.startsWith('CSV_')) {
      throw new TendError('bad_csv', `line ${e.lines ?? '?'}: ${e.message}`);
    }
    throw error;
  } finally {
    input.destroy();
  }
  if (!header) throw new TendError('empty_file', 'the file is empty: expected a header row');
}

function checkHeader(
  record: string[],
  fields: { known: readonly string[]; required: readonly string[] },
): string[] {
  const header = record.map((h) => h.trim().toLowerCase());
  const unknown = header.filter((h) => !fields.known.includes(h));
  const missing = fields.required.filter((f) => !header.includes(f));
  const repeated = header.filter((h, i) => header.indexOf(h) !== i);
  const problems = [
    missing.length ? `missing column(s): ${missing.join(', ')}` : '',
    unknown.length ? `unknown column(s): ${unknown.join(', ')}` : '',
    repeated.length ? `repeated column(s): ${repeated.join(', ')}` : '',
  ].filter(Boolean);
  if (problems.length > 0) {
    throw new TendError(
      'bad_header',
      `line 1: ${problems.join('; ')} (expected ${fields.known.join(',')})`,
    );
  }
  return header;
}
