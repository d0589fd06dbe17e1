import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/seed';
import { systemClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import { type RunningService, startService } from '../../src/main';
import { browserSkipReason, launchBrowser } from '../helpers/browser';
import { prepareDataDir, tempDir } from '../helpers/cli';
import { testConfig } from '../helpers/fixtures';

const skip = browserSkipReason();
// TEND_SCREENSHOTS=1 writes the README's pictures into docs/screenshots, as the other browser test.
const SHOTS = process.env.TEND_SCREENSHOTS
  ? resolve(import.meta.dirname, '../../docs/screenshots')
  : tempDir('tend-shots-');

// The first hour of a new user, in a real browser: start, /health acme, run each job now,
// act on an alert as one person and see it as the assignee, mark a renewal churned (asked
// first, undone), restart and find the conversation where it was.
if (skip) {
  describe('the first hour in the local workspace', () => {
    it.skip(`skipped: ${skip}`, () => {});
  });
} else {
  describe('the first hour in the local workspace', () => {
    let dir: string;
    let service: RunningService | null = null;
    let browser: Browser;
    let page: Page;
    /** What "Run a job now" answered, per job: the toast text. */
    const ran: Record<string, string> = {};

    const start = async () => {
      service = await startService(
        loadConfig({ TEND_DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }),
      );
      await page.goto(service.workspaceUrl ?? '');
      await page.waitForSelector('body[data-ready="true"]');
    };

    beforeAll(async () => {
      dir = tempDir('tend-first-hour-');
      await prepareDataDir(dir, async (handle) => {
        const ctx = { db: handle.db, config: testConfig(), clock: systemClock, log: silentLogger };
        await seedDemo(ctx, { accounts: 24, days: 100, seed: 42, historyDays: 30 });
      });
      browser = await launchBrowser();
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await start();
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
    const actAs = async (user: string) => {
      await page.getByLabel('Acting as').selectOption(user);
      await page.locator(`body[data-user="${user}"]`).waitFor();
    };
    const openChannel = (name: string) =>
      page.locator('#channels li', { hasText: name }).first().click();
    const messages = (hasText: string | RegExp): Locator =>
      page.locator('#messages article.msg', { hasText });

    it('starts, and /health acme answers with the account card', async () => {
      await actAs('UJANE');
      await openChannel('cs-team');
      await send('/health acme');
      const card = messages('Acme Corp').last();
      await card.locator('.bk-header', { hasText: 'Acme Corp' }).waitFor();
      expect(await card.textContent()).toContain('Only visible to you');
    });

    it('runs each job now and says what it did', async () => {
      for (const [button, label, says] of [
        ['Risk check', 'Risk check', /^Risk check: \d+ accounts? checked, \d+ new alerts?/],
        ['Renewal reminders', 'Renewal reminders', /^Renewal reminders: .*\d/],
        // The demo has no digest subscription until someone makes one: the run says so.
        ['Digest', 'Digest', /^Digest: (.*\d|no channel subscribes to digests)/],
      ] as const) {
        const before = await page.locator('.toast').count();
        await page.getByRole('button', { name: button, exact: true }).click();
        const toast = page.locator('.toast', { hasText: `${label}` }).last();
        await toast.waitFor();
        ran[button] = (await toast.textContent()) ?? '';
        // A real run each click (not the slot the scheduler took at start), saying what it did.
        expect(ran[button]).toMatch(says);
        expect(await page.locator('.toast').count()).toBeGreaterThan(before);
      }
      // The risk check's alerts reach Acme's owner (Jane) in her DM with the bot.
      await openChannel('Tend');
      await messages(/Acme Corp/)
        .filter({ has: page.getByRole('button', { name: 'Acknowledge' }) })
        .first()
        .waitFor();
    });

    it('an alert assigned by Jane reaches Omar: a DM with the buttons, and his Home', async () => {
      const alert = messages(/Acme Corp/)
        .filter({ has: page.getByRole('button', { name: 'Acknowledge' }) })
        .first();
      const ts = await alert.getAttribute('data-ts');
      await alert.getByLabel('Assign').selectOption('UOMAR');
      await page
        .locator(`article.msg[data-ts="${ts}"]`)
        .filter({ hasText: /Assigned to @Omar/ })
        .waitFor();

      await actAs('UOMAR');
      await openChannel('Tend');
      const dm = messages('assigned this alert to you').last();
      await dm.waitFor();
      expect(await dm.textContent()).toContain('Acme Corp');
      expect(await dm.getByRole('button', { name: 'Acknowledge' }).count()).toBe(1);
      await page.getByRole('button', { name: 'Home' }).click();
      await page.locator('#home', { hasText: /Your open alerts \(\d+\)/ }).waitFor();
      expect(await page.locator('#home').textContent()).toContain('Acme Corp');
      await page.getByRole('button', { name: 'Messages' }).click();

      // Omar acknowledges from his DM: his copy and Jane's say so.
      const dmTs = await dm.getAttribute('data-ts');
      await dm.getByRole('button', { name: 'Acknowledge' }).click();
      await page
        .locator(`article.msg[data-ts="${dmTs}"]`)
        .filter({ hasText: 'Acknowledged by @Omar' })
        .waitFor();
      await actAs('UJANE');
      await openChannel('Tend');
      await page
        .locator(`article.msg[data-ts="${ts}"]`)
        .filter({ hasText: /Acknowledged by @Omar/ })
        .waitFor();
    });

    it('Mark churned asks first, closes the reminder, and can be undone', async (t) => {
      const reminder = messages(/renews on/)
        .filter({ has: page.getByRole('button', { name: 'Mark churned' }) })
        .first();
      if ((await reminder.count()) === 0) {
        // Renewal reminders ran earlier in this slot: "run now" runs only once per slot until
        // the scheduler change lands (issue 12 #1).
        expect(ran['Renewal reminders']).toMatch(/already ran|reminders/);
        t.skip();
        return;
      }
      const ts = await reminder.getAttribute('data-ts');
      const same = page.locator(`article.msg[data-ts="${ts}"]`);
      await reminder.getByRole('button', { name: 'Mark churned' }).click();
      const dialog = page.getByRole('dialog', { name: 'Mark as churned?' });
      await dialog.waitFor();
      mkdirSync(SHOTS, { recursive: true });
      // The jobs' toasts would date the picture.
      await page.locator('.toast').evaluateAll((toasts) => {
        for (const t of toasts) t.remove();
      });
      await page.screenshot({ path: join(SHOTS, 'churn-confirm.png') });
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      expect(await same.getByRole('button', { name: 'Mark churned' }).count()).toBe(1);

      await same.getByRole('button', { name: 'Mark churned' }).click();
      await page
        .getByRole('dialog', { name: 'Mark as churned?' })
        .getByRole('button', { name: 'Mark churned' })
        .click();
      await same.filter({ hasText: /churned \(the renewal was due/ }).waitFor();
      expect(await same.textContent()).not.toMatch(/renews on/);
      await same.getByRole('button', { name: 'Undo' }).click();
      await same.filter({ hasText: /Churn undone by/ }).waitFor();
      expect(await same.getByRole('button', { name: 'Mark churned' }).count()).toBe(1);
    });

    it('after a restart the conversation is still there, with working buttons', async () => {
      await openChannel('Tend');
      const before = await page.locator('#messages article.msg').count();
      expect(before).toBeGreaterThan(0);
      await service?.stop();
      service = null;
      await start();
      await actAs('UJANE');
      await openChannel('Tend');
      await expect.poll(() => page.locator('#messages article.msg').count()).toBe(before);
      const alert = messages(/Acme Corp/)
        .filter({ has: page.getByRole('button', { name: 'Resolve', exact: true }) })
        .first();
      const ts = await alert.getAttribute('data-ts');
      await alert.getByRole('button', { name: 'Resolve', exact: true }).click();
      await page
        .locator(`article.msg[data-ts="${ts}"]`)
        .filter({ hasText: /Resolved by @Jane/ })
        .waitFor();
    });
  });
}
