import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyAlertAction } from '../../src/app/alert-actions';
import type { AppContext } from '../../src/app/context';
import { saveGoal } from '../../src/app/plans';
import { privacyEmail } from '../../src/app/privacy';
import { t, tm } from '../../src/cards/i18n/t';
import { createSlackApp } from '../../src/chat/slack/app';
import { apiKeyCommand } from '../../src/cli/api-key';
import { auditCommand } from '../../src/cli/audit';
import { importCommand, progressBar } from '../../src/cli/import';
import type { CliIo } from '../../src/cli/io';
import { jobsCommand } from '../../src/cli/jobs';
import { migrateCommand } from '../../src/cli/migrate';
import { assertPortFree } from '../../src/cli/port-check';
import { syncCommand } from '../../src/cli/sync';
import { isTendError, type TendError } from '../../src/errors';
import { createHttpServer } from '../../src/http/server';
import { describeRun } from '../../src/jobs/run-by-hand';
import { silentLogger } from '../../src/log';
import { describeEachDatabase } from '../helpers/database';
import { testContext } from '../helpers/fixtures';

/** What a refusal says to a reader of `locale` (runCli and chat replies word `msg` so). */
async function refusal(run: () => unknown): Promise<string> {
  const error = await Promise.resolve()
    .then(run)
    .then(
      () => null,
      (e: unknown) => e,
    );
  if (!isTendError(error) || !error.msg) throw new Error(`expected a worded refusal: ${error}`);
  return tm('zh-CN', (error as TendError).msg!);
}

// The admin commands' lines and refusals in Chinese with TEND_LANG=zh-CN (issue 16).
describeEachDatabase('tend api-key, migrate, port and privacy refusals in Chinese', (get) => {
  let ctx: AppContext;
  const lines: string[] = [];
  const io: CliIo = {
    out: (t) => lines.push(t),
    err: (t) => lines.push(t),
    interactive: false,
    cwd: process.cwd(),
  };
  const saved = process.env.TEND_LANG;
  beforeAll(() => {
    process.env.TEND_LANG = 'zh-CN';
    ctx = testContext(get());
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.TEND_LANG;
    else process.env.TEND_LANG = saved;
  });

  it('api-key create, list and revoke print Chinese lines; a second revoke is refused in Chinese', async () => {
    lines.length = 0;
    expect(await apiKeyCommand.run(['create', 'ops'], ctx, io)).toBe(0);
    expect(lines[1]).toMatch(/^已创建 ingest API 密钥 \d+“ops”。它只显示这一次：请立即保存。$/);
    expect(await apiKeyCommand.run(['list'], ctx, io)).toBe(0);
    expect(lines[2]).toMatch(/ops .* 创建于 .* 最近使用 - {2}有效$/);
    expect(await apiKeyCommand.run(['revoke', 'ops'], ctx, io)).toBe(0);
    expect(lines[3]).toMatch(/^已吊销 API 密钥 \d+“ops”$/);
    // By name only active keys are found; by id the revoked one is named as such.
    expect(await refusal(() => apiKeyCommand.run(['revoke', 'ops'], ctx, io))).toBe(
      '没有有效的 API 密钥“ops”',
    );
    const id = /密钥 (\d+)“/.exec(lines[1] ?? '')?.[1] ?? '';
    expect(await refusal(() => apiKeyCommand.run(['revoke', id], ctx, io))).toBe(
      `API 密钥 ${id} 已被吊销`,
    );
    expect(await refusal(() => apiKeyCommand.run(['create', 'a b'], ctx, io))).toBe(
      '密钥名称须为 1–64 个字母、数字、. _ @ 或 -',
    );
  });

  it('migrate says the database is up to date in Chinese', async () => {
    lines.length = 0;
    expect(await migrateCommand.run([], ctx, io)).toBe(0);
    expect(lines).toEqual(['数据库已是最新']);
  });

  it('a port in use and a bad e-mail are refused in Chinese', async () => {
    const taken = createServer();
    await new Promise<void>((ok) => taken.listen(0, '127.0.0.1', ok));
    const port = (taken.address() as { port: number }).port;
    try {
      expect(await refusal(() => assertPortFree(port, '127.0.0.1'))).toBe(
        `127.0.0.1 上的端口 ${port} 已被占用（另一个 Tend 或其他程序）：请停止它，或把 PORT 设为空闲端口`,
      );
      const server = createHttpServer([], silentLogger);
      expect(await refusal(() => server.listen(port, '127.0.0.1'))).toBe(
        `无法在 127.0.0.1:${port} 上监听：端口已被占用（另一个 Tend 或其他程序正在监听）`,
      );
    } finally {
      await new Promise((ok) => taken.close(ok));
    }
    expect(await refusal(() => createSlackApp({ ctx, token: 'xoxb-1' }))).toBe(
      'Slack HTTP 模式需要 SLACK_SIGNING_SECRET。',
    );
    expect(await refusal(() => privacyEmail('nobody'))).toBe('“nobody”不是电子邮件地址');
  });

  it('tend jobs run and status speak Chinese; an unknown job is refused in Chinese', async () => {
    lines.length = 0;
    expect(await jobsCommand.run(['run', 'risk'], ctx, io)).toBe(0);
    expect(lines.at(-1)).toMatch(
      /^risk：已立即运行：检查了 \d+ 个客户，\d+ 条新预警，\d+ 条消息已排队；\d+ 条预警仍未关闭$/,
    );
    lines.length = 0;
    expect(await jobsCommand.run(['status'], ctx, io)).toBe(0);
    expect(lines[0]).toMatch(/^发件箱：\d+ 条待发，\d+ 条已发，\d+ 条失败$/);
    expect(lines).toContain('最近的任务运行：');
    expect(lines.join('\n')).toMatch(/risk:manual 时段 .* 完成\s+由 cli:/);
    expect(await refusal(() => jobsCommand.run(['run', 'nope'], ctx, io))).toMatch(
      /^未知任务“nope”（可选：risk, signals/,
    );
    const summary = { subscriptions: 2, digests: 3, messages: 1, metricsDigests: 0 };
    expect(tm('zh-CN', describeRun('digest', summary))).toBe(
      '为 2 个订阅生成 3 份摘要，1 条消息已发送',
    );
    // The escalation job's note is a code worded on read; an older run's stored English stays.
    const escalate = { escalated: 2, messages: 0, note: 'no_escalation_channel' };
    expect(tm('zh-CN', describeRun('escalate', escalate))).toContain(
      '（未设置 alerts.escalationChannel）',
    );
    expect(tm('en', describeRun('escalate', escalate))).toContain(
      '(no alerts.escalationChannel set)',
    );
    expect(tm('zh-CN', describeRun('escalate', { ...escalate, note: 'old words' }))).toContain(
      '（old words）',
    );
  });

  it("the import progress bar counts rows in the reader's language", () => {
    const drawn: string[] = [];
    const bar = (locale: 'en' | 'zh-CN') =>
      progressBar({ ...io, err: (text) => drawn.push(text), interactive: true }, 100, locale);
    bar('zh-CN')({ bytes: 100, rows: 1234 });
    bar('en')({ bytes: 100, rows: 1234 });
    expect(drawn[0]).toMatch(/\] 100% {2}1,234 行$/);
    expect(drawn[1]).toMatch(/\] 100% {2}1,234 rows$/);
  });

  it('tend import refuses a bad header, an empty file and Latin-1 bytes in Chinese', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tend-zh-csv-'));
    const file = (name: string, body: string | Buffer) => {
      writeFileSync(join(dir, name), body);
      return join(dir, name);
    };
    const run = (entity: string, path: string) => importCommand.run([entity, path], ctx, io);
    expect(await refusal(() => run('usage', file('h.csv', 'account_external_id,day,x\n')))).toBe(
      '第 1 行：缺少列：active_users；未知列：x（应为 account_external_id,day,active_users,seats,logins,core_features_used,core_features_total）',
    );
    expect(await refusal(() => run('accounts', file('e.csv', '')))).toBe('文件为空：需要一行表头');
    const latin1 = Buffer.concat([Buffer.from('external_id,name\nz1,Caf'), Buffer.from([0xe9])]);
    expect(await refusal(() => run('accounts', file('l.csv', latin1)))).toMatch(
      /^文件不是 UTF-8 编码（约在第 \d+ 字节）；请另存为 UTF-8$/,
    );
  });

  it('tend audit names a short chain, and tend sync an unset HubSpot token, in Chinese', async () => {
    lines.length = 0;
    expect(await auditCommand.run(['verify', '--expect-count', '999999'], ctx, io)).toBe(1);
    expect(lines[0]).toMatch(
      /^审计日志：链中只有 \d+ 个条目，少于锚定的 999999 个：最新的 \d+ 个被删除了$/,
    );
    expect(await refusal(() => syncCommand.run(['hubspot'], ctx, io))).toBe(
      '请设置 HUBSPOT_ACCESS_TOKEN（HubSpot 私有应用令牌）以同步公司',
    );
  });

  it('a missing alert and a plan form problem are said in Chinese; the API keeps English', async () => {
    const who = { id: 'U1', name: '@Ann', platform: 'slack' };
    const click = () => applyAlertAction(ctx, 999999, { kind: 'ack' }, who, 'k-zh');
    expect(await refusal(click)).toBe('预警 999999 不存在');
    const goal = () =>
      saveGoal(ctx, {
        accountId: 1,
        fields: { outcome: ' ', measure: null, targetOn: null },
        editor: { by: 'cli', source: 'cli' },
        requestKey: 'k-goal',
      });
    expect(await refusal(goal)).toBe(t('zh-CN', 'problem.goalOutcome'));
    await expect(goal()).rejects.toThrow(t('en', 'problem.goalOutcome'));
  });
});
