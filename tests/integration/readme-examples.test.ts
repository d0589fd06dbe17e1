import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runChatCommand } from '../../src/app/chat-commands';
import type { AppContext } from '../../src/app/context';
import { DEFAULT_DEMO, seedDemo } from '../../src/app/seed';
import { COMMAND_HELP } from '../../src/cards/help-card';
import type { Card } from '../../src/cards/model';
import { renderText } from '../../src/cards/text';
import { findCommand } from '../../src/cli/commands';
import { fixedClock } from '../../src/clock';
import { apiV1Routes } from '../../src/http/routes/api-v1';
import { createHttpServer, type HttpServer } from '../../src/http/server';
import { createLogger } from '../../src/log';
import { describeEachDatabase } from '../helpers/database';
import { testConfig } from '../helpers/fixtures';

/**
 * Every example a new user copies from the README and the help card, run against the demo
 * data `npm start` seeds: none may be refused or come back empty.
 */
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const COMMAND_WORDS = new Set([
  'health',
  'followup',
  'followups',
  'renewals',
  'risk',
  'stats',
  'plan',
  'prep',
  'cs',
]);
/** Placeholders mean "a pattern, not an example". */
const PATTERN = /[<[…|]/;

const fences = (lang: string) =>
  [...README.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, 'g'))].map(
    (m) => m[1] ?? '',
  );
const spans = () =>
  [...README.replace(/```[\s\S]*?```/g, '').matchAll(/`([^`]+)`/g)].map((m) =>
    (m[1] ?? '').replace(/\s+/g, ' ').trim(),
  );

function slashExamples(): string[] {
  const fromFences = fences('text').flatMap((block) =>
    block.split('\n').flatMap((line) => line.trim().split(/\s{2,}/)),
  );
  // Admin-only examples are refused to Jane by design (governance tests cover them).
  const help = COMMAND_HELP.filter((h) => !h.adminOnly).map((h) => h.example);
  // "/cs allow-external" and the like, wherever the README names them.
  // A usage "/cs allow-external | deny-external" names two: "/cs allow-external", "/cs deny-external".
  const adminOnly = COMMAND_HELP.filter((h) => h.adminOnly).flatMap((h) => {
    const [command = '', ...rest] = h.usage.split(' ');
    return rest
      .join(' ')
      .split('|')
      .map((alt) => `${command} ${alt.trim().split(' ')[0]}`);
  });
  const all = [...spans(), ...fromFences, ...help].filter(
    (s) => !adminOnly.some((a) => s === a || s.startsWith(`${a} `)),
  );
  return [
    ...new Set(
      all.filter(
        (s) =>
          /^\/[a-z]/.test(s) &&
          COMMAND_WORDS.has(s.slice(1).split(' ')[0] ?? '') &&
          !PATTERN.test(s),
      ),
    ),
  ];
}

function cliExamples(): string[] {
  const fromSh = fences('sh').flatMap((block) =>
    block
      .split('\n')
      .map((l) => /^(?:\w+=\$\()?(?:npx )?(tend [^)#]*)\)?/.exec(l.trim())?.[1]?.trim())
      .filter((l): l is string => !!l),
  );
  const fromSpans = spans()
    .map((s) => /^(?:npx )?(tend .*)$/.exec(s)?.[1])
    .filter((s): s is string => !!s);
  return [...new Set([...fromSh, ...fromSpans])].filter((s) => !PATTERN.test(s));
}

/** The README's curl block: each request with the status its `# →` line promises. */
function curlExamples(): { args: string[]; status: number }[] {
  const block = fences('sh').find((b) => b.includes('curl ')) ?? '';
  const out: { args: string[]; status: number }[] = [];
  const joined = block.replace(/\\\n\s*/g, ' ').split('\n');
  for (const [i, line] of joined.entries()) {
    if (!line.startsWith('curl ')) continue;
    const status = Number(/^# → (\d{3})/.exec(joined[i + 1] ?? '')?.[1]);
    out.push({ args: shellWords(line), status });
  }
  return out;
}

function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g))
    words.push(m[1] ?? m[2] ?? m[3] ?? '');
  return words;
}

const REFUSED =
  /I don't know|I can't|No account matches|Nothing recorded|is not a|not allowed|Try cs|Tell me|isn't|No subscription|in the past/i;

/** A list answer with nothing in it ("No renewals in the next 60 days"); a card's own
 * sub-lists (an account with no open alerts) are fine. */
function emptyAnswer(card: Card): string | null {
  if (card.blocks.some((b) => b.type === 'facts')) return null;
  const main = card.blocks.find((b) => b.type === 'list');
  return main?.type === 'list' && main.items.length === 0 && !main.more
    ? (main.empty ?? '(empty list)')
    : null;
}

describeEachDatabase('README and help examples on the demo data', (get) => {
  let ctx: AppContext;
  let server: HttpServer;
  let base: string;

  beforeAll(async () => {
    ctx = {
      db: get().db,
      config: testConfig(),
      clock: fixedClock('2026-11-23T10:00:00Z'),
      log: createLogger('silent'),
    };
    await seedDemo(ctx, { ...DEFAULT_DEMO, historyDays: 7 });
    server = createHttpServer(apiV1Routes(ctx), ctx.log);
    const { url } = await server.listen(0, '127.0.0.1');
    base = url;
  }, 240_000);

  afterAll(async () => {
    await server?.close();
  });

  it('finds the examples (so that the extraction itself cannot silently find none)', () => {
    expect(slashExamples()).toEqual(
      expect.arrayContaining([
        '/health acme',
        '/cs subscribe alerts owner=@jane',
        '/risk',
        '/stats team 90d',
      ]),
    );
    expect(cliExamples()).toEqual(
      expect.arrayContaining(['tend api-key create crm-sync', 'tend stats team 90d']),
    );
    expect(curlExamples()).toHaveLength(3);
  });

  it('answers every slash command example as Jane in #cs-team, none refused or empty', async () => {
    const problems: string[] = [];
    let n = 0;
    for (const example of slashExamples()) {
      const reply = await runChatCommand(ctx, {
        platform: 'slack',
        user: { id: 'UJANE', email: 'jane@tend.example', name: 'Jane' },
        channelId: 'C0CSTEAM',
        text: example,
        requestKey: `readme-${++n}`,
      });
      const text = renderText(reply.card);
      if (REFUSED.test(text))
        problems.push(`${example} → refused: ${text.split('\n').slice(0, 3).join(' / ')}`);
      const empty = emptyAnswer(reply.card);
      if (empty) problems.push(`${example} → empty: ${empty}`);
    }
    expect(problems).toEqual([]);
  });

  it('runs every tend example (but serve and seed), exit 0 with output', async () => {
    const problems: string[] = [];
    for (const example of cliExamples()) {
      const [, name, ...args] = example.split(' ');
      // serve runs until stopped and seed would replace the data under test: both have their
      // own tests (tests/cli, tests/integration/seed.test.ts).
      if (name === 'serve' || name === 'seed') continue;
      const lines: string[] = [];
      const io = {
        out: (t: string) => lines.push(t),
        err: (t: string) => lines.push(t),
        interactive: false,
        cwd: '/',
      };
      const command = findCommand(name ?? '');
      const code = command
        ? await command.run(args, ctx, io).catch((e: Error) => {
            lines.push(e.message);
            return 1;
          })
        : 2;
      if (code !== 0 || lines.join('').trim() === '')
        problems.push(`${example} → ${code}: ${lines.join(' / ')}`);
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('answers every curl example with the status the README promises', async () => {
    const io = { out: (t: string) => lines.push(t), err: () => {}, interactive: false, cwd: '/' };
    const lines: string[] = [];
    expect(await findCommand('api-key')?.run(['create', 'readme'], ctx, io)).toBe(0);
    const key = lines[0] ?? '';
    for (const { args, status } of curlExamples()) {
      const url = args.find((a) => a.startsWith('http://')) ?? '';
      const method = args.includes('-X') ? args[args.indexOf('-X') + 1] : 'GET';
      const headers: Record<string, string> = {};
      args.forEach((a, i) => {
        if (a === '-H') {
          const [k, ...v] = (args[i + 1] ?? '').replace('$KEY', key).split(':');
          headers[k?.trim() ?? ''] = v.join(':').trim();
        }
      });
      const body = args.includes('-d') ? args[args.indexOf('-d') + 1] : undefined;
      const res = await fetch(new URL(new URL(url).pathname, base), { method, headers, body });
      expect({ url, status: res.status, body: await res.text() }).toMatchObject({ url, status });
    }
  });
});
