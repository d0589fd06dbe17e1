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

// The README's screenshots come from this test: TEND_SCREENSHOTS=1 writes them into
// docs/screenshots (otherwise into a temp folder, so a test run leaves the tree clean).
const SHOTS = process.env.TEND_SCREENSHOTS
  ? resolve(import.meta.dirname, '../../docs/screenshots')
  : tempDir('tend-shots-');

const skip = browserSkipReason();

if (skip) {
  describe('local workspace in a real browser', () => {
    it.skip(`skipped: ${skip}`, () => {});
  });
} else {
  describe('local workspace in a real browser', () => {
    let dir: string;
    let service: RunningService;
    let browser: Browser;
    let page: Page;
    let workspace: string;

    beforeAll(async () => {
      dir = tempDir('tend-e2e-');
      // The demo set, smaller: it always holds Acme Corp (owned by jane@tend.example).
      await prepareDataDir(dir, async (handle) => {
        const ctx = { db: handle.db, config: testConfig(), clock: systemClock, log: silentLogger };
        await seedDemo(ctx, { accounts: 24, days: 100, seed: 42, historyDays: 30 });
      });
      service = await startService(
        loadConfig({ TEND_DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }),
      );
      workspace = service.workspaceUrl ?? '';
      mkdirSync(SHOTS, { recursive: true });
      browser = await launchBrowser();
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(workspace);
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
    const lastMessage = (hasText: string): Locator =>
      page.locator('article.msg', { hasText }).last();

    it('is served at / on loopback, and says so', () => {
      expect(workspace).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    });

    it('refuses a request to /slack/events that Slack did not sign', async () => {
      const res = await fetch(new URL('/slack/events', workspace), {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)),
          'x-slack-signature': 'v0=forged',
        },
        body: 'command=%2Fhealth&text=acme&user_id=UJANE&channel_id=C0CSTEAM',
      });
      expect(res.status).toBe(401);
    });

    it('acts as the CSM who owns Acme Corp by default', async () => {
      await expect.poll(() => page.getByLabel('Acting as').inputValue()).toBe('UJANE');
    });

    it('answers /health acme with the account card, privately', async () => {
      await send('/health acme');
      const card = lastMessage('Acme Corp');
      await card.waitFor();
      expect(await card.textContent()).toContain('Only visible to you');
      expect(await card.locator('.bk-header').textContent()).toBe('Acme Corp');
      await card.locator('button', { hasText: 'Log follow-up' }).waitFor();
      await card.screenshot({ path: join(SHOTS, 'account-card.png') });
    });

    it('opens the Log follow-up modal and shows a missing title as a field error', async () => {
      await lastMessage('Acme Corp').getByRole('button', { name: 'Log follow-up' }).click();
      const modal = page.locator('dialog#modal[open]');
      await modal.waitFor();
      expect(await modal.locator('h2').textContent()).toBe('Log follow-up');
      await modal.getByRole('button', { name: 'Save' }).click();
      await modal.locator('.bk-error', { hasText: 'Say what to do.' }).waitFor();
    });

    it('records the follow-up from the modal and lists it in /followups', async () => {
      const modal = page.locator('dialog#modal[open]');
      await modal.getByLabel('What to do').fill('Send the QBR deck to Acme');
      await modal.screenshot({ path: join(SHOTS, 'follow-up-modal.png') });
      await modal.getByRole('button', { name: 'Save' }).click();
      await page.locator('dialog#modal[open]').waitFor({ state: 'detached' });
      await lastMessage('Follow-up recorded').waitFor();

      await send('/followups');
      // The list answers with the follow-up and a Done button (the account card has neither).
      const list = page
        .locator('article.msg', { hasText: 'Send the QBR deck to Acme' })
        .filter({ has: page.getByRole('button', { name: 'Done' }) })
        .last();
      await list.waitFor();
      await list.screenshot({ path: join(SHOTS, 'follow-ups.png') });
      await page.screenshot({ path: join(SHOTS, 'workspace.png') });
    });

    it('shares a card in the channel: others see it, not the private answers', async () => {
      await send('/health acme');
      const card = lastMessage('Share in channel');
      await card.getByRole('button', { name: 'Share in channel' }).click();
      const shared = page.locator('article.msg:not(.ephemeral)', { hasText: 'Shared by Jane' });
      await shared.waitFor();

      await page.getByLabel('Acting as').selectOption('UOMAR');
      await page.locator('body[data-user="UOMAR"]').waitFor();
      await page.locator('article.msg', { hasText: 'Shared by Jane' }).waitFor();
      expect(await page.locator('article.msg.ephemeral').count()).toBe(0);
      expect(await page.locator('article.msg', { hasText: 'Follow-up recorded' }).count()).toBe(0);
      await page.getByLabel('Acting as').selectOption('UJANE');
      await page.locator('body[data-user="UJANE"]').waitFor();
      await page.locator('article.msg.ephemeral').first().waitFor();
    });

    it('has an icon, and counts what arrived in a channel while the page was closed', async () => {
      const icon = await fetch(new URL('/local/web/favicon.svg', workspace));
      expect(icon.status).toBe(200);
      expect(icon.headers.get('content-type')).toBe('image/svg+xml');
      expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe(
        '/local/web/favicon.svg',
      );
      // Jane reads her DM with the bot, then closes the page.
      await page.locator('#channels li', { hasText: 'Tend (app)' }).click();
      await page.goto('about:blank');
      // Meanwhile someone else writes in #cs-team (their own browser, their own storage).
      const other = await browser.newContext();
      try {
        const theirs = await other.newPage();
        await theirs.goto(workspace);
        await theirs.waitForSelector('body[data-ready="true"]');
        const jane = await theirs.locator('body').getAttribute('data-user');
        await theirs.locator('#user').selectOption({ index: 1 });
        await theirs.waitForSelector(`body[data-user]:not([data-user="${jane}"])`);
        await theirs.locator('#channels li[data-channel="C0CSTEAM"]').click();
        await theirs.getByLabel('Message', { exact: true }).fill('posted while Jane was away');
        await theirs.getByLabel('Message', { exact: true }).press('Enter');
        await theirs.locator('article.msg', { hasText: 'posted while Jane was away' }).waitFor();
      } finally {
        await other.close();
      }
      await page.goto(workspace);
      await page.waitForSelector('body[data-ready="true"]');
      const badge = page.locator('#channels li[data-channel="C0CSTEAM"] .badge');
      await badge.waitFor();
      expect(await badge.textContent()).toBe('1');
      await page.locator('#channels li[data-channel="C0CSTEAM"]').click();
      expect(await badge.count()).toBe(0);
      // Times are written as the cards write them: today's as "14:05".
      const time = lastMessage('posted while Jane was away').locator('time');
      expect(await time.textContent()).toMatch(/^\d{2}:\d{2}$/);
    });

    it('logs a channel message to an account from its ⋯ menu (the Slack message shortcut)', async () => {
      await page.locator('#channels li', { hasText: 'cs-team' }).click();
      await send('Acme says the budget freeze ends in Q1');
      const said = lastMessage('Acme says the budget freeze ends in Q1');
      await said.waitFor();
      await said.hover();
      await said.getByRole('button', { name: '⋯ Log to account' }).click();
      const modal = page.locator('dialog#modal[open]');
      await modal.waitFor();
      expect(await modal.locator('textarea').first().inputValue()).toContain('budget freeze');
      await modal.getByLabel('Account', { exact: true }).fill('acme');
      await modal.getByRole('button', { name: 'Save' }).click();
      await page.locator('dialog#modal[open]').waitFor({ state: 'detached' });
      // The closed form stays in the page, and its "Message" field with it: the composer by id.
      await page.locator('#message').fill('/timeline acme');
      await page.locator('#message').press('Enter');
      await lastMessage('Timeline').filter({ hasText: 'budget freeze ends in Q1' }).waitFor();
    });

    it('shows the App Home tab in the DM with the bot', async () => {
      await page.locator('#channels li', { hasText: 'Tend' }).click();
      await page.getByRole('button', { name: 'Home' }).click();
      const home = page.locator('#home');
      await home.locator('.bk-header', { hasText: 'Tend for Jane' }).waitFor();
      // Tall enough for the whole tab, down to the alert settings form at its end.
      const viewport = page.viewportSize();
      await page.setViewportSize({ width: viewport?.width ?? 1100, height: 1900 });
      await home.getByText('Your alert settings').waitFor();
      await home.screenshot({ path: join(SHOTS, 'app-home.png') });
      if (viewport) await page.setViewportSize(viewport);
      await page.locator('#channels li', { hasText: 'cs-team' }).click();
    });

    it('runs the risk job from the page and delivers alert cards to the owner', async () => {
      await page.getByRole('button', { name: 'Risk check' }).click();
      // What was sent, in counts (the scheduler may have fired the alerts at start already).
      await page
        .locator('.toast', { hasText: /^Risk check: \d+ accounts? checked, \d+ new alerts?, / })
        .waitFor();
      await page.locator('#channels li', { hasText: 'Tend' }).click();
      const alert = page.locator('article.msg', { hasText: 'Acme Corp' }).first();
      await alert.waitFor();
      expect(await alert.textContent()).not.toContain('Only visible to you');
      await alert.screenshot({ path: join(SHOTS, 'alert-card.png') });
      // A second click is a second real run (not "this slot already ran"), and says so.
      await page.locator('.toast').first().waitFor({ state: 'detached', timeout: 10_000 });
      await page.getByRole('button', { name: 'Risk check' }).click();
      await page
        .locator('.toast', {
          hasText:
            /^Risk check: \d+ accounts? checked, 0 new alerts, 0 messages sent; [1-9]\d* alerts? already open$/,
        })
        .waitFor();
    });

    it('shows the Teams view: a message to the Teams bot answers with an Adaptive Card', async () => {
      await page.getByRole('tab', { name: 'Teams' }).click();
      await page.getByLabel('Teams message').fill('health acme');
      await page.getByLabel('Teams message').press('Enter');
      const card = page.locator('.teams-msg', { hasText: 'Acme Corp' }).last();
      await card.locator('.ac-adaptiveCard').waitFor();
      await card.screenshot({ path: join(SHOTS, 'teams-card.png') });
      await page.getByRole('tab', { name: 'Slack' }).click();
    });

    it('acknowledges an alert, and the card rewrites itself', async () => {
      const alert = page.locator('article.msg', { hasText: 'Acme Corp' }).first();
      const ts = await alert.getAttribute('data-ts');
      await alert.getByRole('button', { name: 'Acknowledge' }).click();
      const same = page.locator(`article.msg[data-ts="${ts}"]`);
      await same.filter({ hasText: /Acknowledged by/ }).waitFor();
      expect(await same.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
      // The highlight that marks a rewritten card fades by itself; drop it for the picture.
      await same.evaluate((el) => el.classList.remove('updated'));
      await same.screenshot({ path: join(SHOTS, 'alert-acknowledged.png') });
    });
  });
}
