import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/seed';
import { systemClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import { type RunningService, startService } from '../../src/main';
import { browserSkipReason, launchBrowser } from '../helpers/browser';
import { prepareDataDir, tempDir } from '../helpers/cli';
import { testConfig } from '../helpers/fixtures';

// The README pictures of an alert's thread and of the Chinese cards, from the local workspace in
// a real browser. Only with TEND_SCREENSHOTS=1 (it waits out the minute in which state changes
// collapse into one thread reply, too slow for every test run):
//   TEND_SCREENSHOTS=1 npx vitest run tests/e2e/readme-shots.test.ts
const SHOTS = resolve(import.meta.dirname, '../../docs/screenshots');
const skip =
  browserSkipReason() ?? (process.env.TEND_SCREENSHOTS ? null : 'TEND_SCREENSHOTS unset');

if (skip) {
  describe('README screenshots', () => {
    it.skip(`skipped: ${skip}`, () => {});
  });
} else {
  describe('README screenshots', () => {
    let dir: string;
    let service: RunningService;
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      dir = tempDir('tend-shots-');
      await prepareDataDir(dir, async (handle) => {
        const ctx = { db: handle.db, config: testConfig(), clock: systemClock, log: silentLogger };
        await seedDemo(ctx, { accounts: 24, days: 100, seed: 42, historyDays: 30 });
      });
      service = await startService(
        loadConfig({ TEND_DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }),
      );
      mkdirSync(SHOTS, { recursive: true });
      browser = await launchBrowser();
      page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      await page.goto(service.workspaceUrl ?? '');
      await page.waitForSelector('body[data-ready="true"]');
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await service?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const send = async (text: string) => {
      await page.getByLabel('Message', { exact: true }).fill(text);
      await page.getByLabel('Message', { exact: true }).press('Enter');
    };
    const actAs = async (id: string) => {
      await page.getByLabel('Acting as').selectOption(id);
      await page.locator(`body[data-user="${id}"]`).waitFor();
    };
    const still = async (el: ReturnType<Page['locator']>) => {
      await el.evaluate((e) => {
        for (const u of [e, ...e.querySelectorAll('.updated')]) u.classList.remove('updated');
      });
    };

    it('an alert card with its thread: state changes and a note under it', async () => {
      await page.getByRole('button', { name: 'Risk check' }).click();
      await page.locator('.toast', { hasText: /^Risk check: / }).waitFor();
      await page.locator('#channels li', { hasText: 'Tend' }).click();
      const alert = page.locator('article.msg', { hasText: 'Acme Corp' }).first();
      await alert.waitFor();
      await alert.getByRole('button', { name: 'Acknowledge' }).click();
      await alert.filter({ hasText: /Acknowledged by/ }).waitFor();
      // The acknowledgement's reply waits its minute (changes within it make one reply).
      await alert.locator('.thread .msg.reply', { hasText: 'Acknowledged' }).waitFor({
        timeout: 120_000,
      });
      await alert.getByRole('button', { name: 'Note' }).click();
      const modal = page.locator('dialog#modal[open]');
      await modal.waitFor();
      await modal
        .locator('textarea, input[type="text"]')
        .first()
        .fill('Called their CFO: budget review on Friday, renewal call booked.');
      await modal.getByRole('button', { name: /Save|Add/ }).click();
      await page.locator('dialog#modal[open]').waitFor({ state: 'detached' });
      await alert.locator('.thread .msg.reply', { hasText: 'budget review' }).waitFor();
      await still(alert);
      await alert.screenshot({ path: join(SHOTS, 'alert-thread.png') });
      expect(await alert.locator('.thread .msg.reply').count()).toBeGreaterThanOrEqual(2);
    }, 180_000);

    it('the account card for a person whose Slack is in Chinese', async () => {
      await page.locator('#channels li', { hasText: 'cs-team' }).click();
      const omar = (await page
        .getByLabel('Acting as')
        .locator('option')
        .nth(1)
        .getAttribute('value')) as string;
      await actAs(omar);
      await send('/health acme');
      await page.locator('article.msg', { hasText: 'Acme Corp' }).last().waitFor();
      // Their profile as Slack's users.info would give it with include_locale.
      await service.ctx.db
        .updateTable('chat_users')
        .set({ locale: 'zh-CN' })
        .where('user_id', '=', omar)
        .execute();
      await send('/health acme');
      const card = page.locator('article.msg', { hasText: '记录跟进' }).last();
      await card.waitFor();
      await still(card);
      await card.screenshot({ path: join(SHOTS, 'account-card-zh.png') });
      await actAs('UJANE');
    });

    it('the digest of a channel set to Chinese', async () => {
      await page.locator('#channels li', { hasText: 'cs-team' }).click();
      await send('/cs language zh-CN');
      await page.locator('article.msg', { hasText: '中文' }).last().waitFor();
      await send('/cs subscribe digest daily');
      await page
        .locator('article.msg', { hasText: /digest/i })
        .last()
        .waitFor();
      await page.getByRole('button', { name: 'Digest' }).click();
      await page.locator('.toast', { hasText: /^Digest: / }).waitFor();
      const digest = page.locator('article.msg:not(.ephemeral)', { hasText: '个客户' }).last();
      await digest.waitFor();
      await still(digest);
      await digest.screenshot({ path: join(SHOTS, 'digest-zh.png') });
    });
  });
}
