import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pngInfo } from '../../../scripts/teams/png';
import { readZip } from '../../../scripts/teams/zip';
import { colorIcon, ICON_DIR, outlineIcon } from '../../../scripts/teams-icons';
import { buildTeamsPackage } from '../../../scripts/teams-package';
import { parseCommand } from '../../../src/domain/parse/command';

const APP_ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';

describe('Teams app package', () => {
  it('zips the manifest (with the app id and public host) and both icons', () => {
    const { zip, manifest, warnings } = buildTeamsPackage({
      MicrosoftAppId: APP_ID,
      TEND_PUBLIC_URL: 'https://tend.acme.io/',
    });
    expect(warnings).toEqual([]);
    const entries = readZip(zip);
    expect(entries.map((e) => e.name)).toEqual(['manifest.json', 'color.png', 'outline.png']);
    const packed = JSON.parse(entries[0]!.data.toString('utf8'));
    expect(packed).toEqual(manifest);
    expect(packed).toMatchObject({
      id: APP_ID,
      bots: [{ botId: APP_ID }],
      composeExtensions: [{ botId: APP_ID }],
    });
    expect(packed.validDomains).toEqual(['tend.acme.io']);
    expect(pngInfo(entries[1]!.data)).toMatchObject({ width: 192, height: 192 });
    expect(pngInfo(entries[2]!.data)).toEqual({ width: 32, height: 32, alpha: true });
  });

  it('keeps the placeholder id with a warning, and refuses an app id that is not a GUID', () => {
    expect(buildTeamsPackage({}).warnings[0]).toMatch(/MicrosoftAppId is not set/);
    expect(() => buildTeamsPackage({ MicrosoftAppId: 'tend-bot' })).toThrow(/not a GUID/);
  });

  it('declares a current schema, the three scopes and a command list for each', () => {
    const m = JSON.parse(readFileSync(join(ICON_DIR, 'manifest.json'), 'utf8'));
    expect(Number(m.manifestVersion)).toBeGreaterThanOrEqual(1.19);
    expect(m.$schema).toContain(`v${m.manifestVersion}/`);
    expect(m.description.short.length).toBeLessThanOrEqual(80);
    const bot = m.bots[0];
    expect(bot.scopes).toEqual(['personal', 'team', 'groupChat']);
    const lists = bot.commandLists as { scopes: string[]; commands: { title: string }[] }[];
    expect(lists.flatMap((l) => l.scopes).sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const list of lists) {
      expect(list.commands.length).toBeLessThanOrEqual(10);
      for (const c of list.commands) {
        expect(c.title.length).toBeLessThanOrEqual(32);
        // Every listed command is one the shared parser knows (some need more words).
        const parsed = parseCommand(c.title, '2026-11-23');
        const unknown =
          parsed.kind === 'invalid' &&
          ['parse.unknownCommand', 'parse.unknownCs'].includes(parsed.problem.key);
        expect(unknown, c.title).toBe(false);
      }
    }
  });

  it('ships the icons the script draws (run npm run teams:icons after changing it)', () => {
    expect(readFileSync(join(ICON_DIR, 'color.png')).equals(colorIcon())).toBe(true);
    expect(readFileSync(join(ICON_DIR, 'outline.png')).equals(outlineIcon())).toBe(true);
  });
});
