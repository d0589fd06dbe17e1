import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inject } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/db/database';
import { valueParsers } from '../../src/db/types';

export const BIN = resolve(import.meta.dirname, '../../bin/tend.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment for a child: no credentials or database from the developer's shell. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_LEVEL: 'silent',
  };
  return { ...env, ...extra };
}

/** Runs the real binary, as a user would. */
export function tend(args: string[], env: Record<string, string>, cwd?: string): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: cleanEnv(env),
    encoding: 'utf8',
    timeout: 60_000,
    ...(cwd ? { cwd } : {}),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = 'tend-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Starts `tend serve` and resolves once it prints its URL. */
export async function startServe(env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: cleanEnv({ PORT: '0', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not start: ${stderr}`)), 60_000);
    child.stdout.on('data', (d) => {
      stdout += d;
      const m = /running at (http:\/\/\S+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`serve exited with ${code}: ${stderr}`));
    });
  });
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  return {
    url,
    child,
    output: () => ({ stdout, stderr }),
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * An embedded data folder made from the migrated test image (no initdb), filled by `fill`,
 * then closed so a child process can open it.
 */
export async function prepareDataDir(
  dir: string,
  fill: (handle: DatabaseHandle) => Promise<void>,
): Promise<void> {
  const { PGlite } = await import('@electric-sql/pglite');
  const image = new Blob([readFileSync(inject('embeddedImage'))]);
  const pglite = await PGlite.create(join(dir, 'pgdata'), {
    loadDataDir: image,
    parsers: valueParsers,
  });
  const handle = await openDatabase({
    kind: 'embedded-handle',
    handle: { pglite, dataDir: dir, close: () => pglite.close() },
  });
  try {
    await fill(handle);
  } finally {
    await handle.close();
  }
}
