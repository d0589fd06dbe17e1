import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { Parser } from 'csv-parse';
import { TendError } from '../errors';
import { userError } from './user-error';

/** Data rows of a CSV file as read: cells in header order, and the line each one ends on. */
export interface CsvBatch {
  /** Column names, trimmed and in lower case. */
  header: string[];
  records: string[][];
  lines: number[];
}

/**
 * csv-parse pushes each record while it parses, with `info.lines` then at the record's last
 * line; noting that here gives the same line numbers as its `info` option without copying
 * the whole info object for every row (a third of the parse time). Records leave in one
 * array per chunk of input rather than one stream item each.
 */
class BatchingParser extends Parser {
  private records: string[][] = [];
  private lines: number[] = [];

  override push(record: unknown, encoding?: BufferEncoding): boolean {
    if (record === null) return super.push(null, encoding);
    this.records.push(record as string[]);
    this.lines.push(this.info.lines);
    return true;
  }

  override _transform(buf: Buffer, encoding: BufferEncoding, done: TransformCallback): void {
    super._transform(buf, encoding, (error) => {
      this.pushBatch();
      done(error);
    });
  }

  override _flush(done: TransformCallback): void {
    super._flush((error) => {
      this.pushBatch();
      done(error);
    });
  }

  private pushBatch(): void {
    if (this.records.length === 0) return;
    super.push({ records: this.records, lines: this.lines });
    this.records = [];
    this.lines = [];
  }
}

/**
 * Refuses bytes that are not UTF-8 (a Latin-1 export would otherwise turn names into
 * replacement characters silently) and counts bytes for the progress bar.
 */
function utf8Guard(onBytes: (n: number) => void): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  const fail = () => userError('not_utf8', 'csv.notUtf8', { offset: String(offset) });
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
 * Streams a CSV file as batches of records. The header must name only known fields and every
 * required one; a bad header stops the import before any row is read.
 */
export async function* readCsv(
  input: Readable,
  fields: { known: readonly string[]; required: readonly string[] },
  onBytes: (n: number) => void,
): AsyncGenerator<CsvBatch> {
  const parser = new BatchingParser({
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
  });
  const guard = utf8Guard(onBytes);
  input.on('error', (e) => guard.destroy(e));
  guard.on('error', (e) => parser.destroy(e));
  input.pipe(guard).pipe(parser);
  let header: string[] | null = null;
  try {
    for await (const batch of parser as AsyncIterable<Omit<CsvBatch, 'header'>>) {
      let { records, lines } = batch;
      if (!header) {
        header = checkHeader(records[0] ?? [], fields);
        records = records.slice(1);
        lines = lines.slice(1);
      }
      if (records.length > 0) yield { header, records, lines };
    }
  } catch (error) {
    if (error instanceof TendError) throw error;
    const e = error as { code?: string; lines?: number; message: string };
    if (e.code?.startsWith('CSV_')) {
      // csv-parse words the problem in English; the line number is ours to say.
      throw userError('bad_csv', 'csv.bad', { line: String(e.lines ?? '?'), reason: e.message });
    }
    throw error;
  } finally {
    input.destroy();
  }
  if (!header) throw userError('empty_file', 'csv.empty');
}

function checkHeader(
  record: string[],
  fields: { known: readonly string[]; required: readonly string[] },
): string[] {
  const header = record.map((h) => h.trim().toLowerCase());
  const unknown = header.filter((h) => !fields.known.includes(h));
  const missing = fields.required.filter((f) => !header.includes(f));
  const repeated = header.filter((h, i) => header.indexOf(h) !== i);
  const named = (list: string[]) => (list.length ? list.join(', ') : 'none');
  if (missing.length + unknown.length + repeated.length > 0) {
    throw userError('bad_header', 'csv.badHeader', {
      missing: named(missing),
      unknown: named(unknown),
      repeated: named(repeated),
      known: fields.known.join(','),
    });
  }
  return header;
}
