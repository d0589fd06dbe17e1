import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pngInfo } from './teams/png';
import { writeZip } from './teams/zip';

const MANIFEST_DIR = join(import.meta.dirname, '..', 'manifests', 'teams');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PLACEHOLDER = '00000000-0000-0000-0000-000000000000';

interface Manifest {
  id: string;
  bots: { botId: string }[];
  composeExtensions?: { botId: string }[];
  validDomains?: string[];
  icons: { color: string; outline: string };
  [key: string]: unknown;
}

export interface TeamsPackage {
  zip: Buffer;
  manifest: Manifest;
  warnings: string[];
}

/**
 * The app package Teams side-loads: manifest.json (with the bot's app id and Tend's public
 * host filled in from MicrosoftAppId and TEND_PUBLIC_URL) and the two icons, zipped flat.
 */
export function buildTeamsPackage(
  env: NodeJS.ProcessEnv = process.env,
  dir = MANIFEST_DIR,
): TeamsPackage {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const warnings: string[] = [];
  const appId = env.MicrosoftAppId?.trim();
  if (appId) {
    if (!GUID.test(appId)) throw new Error(`MicrosoftAppId is not a GUID: ${appId}`);
    manifest.id = appId;
    for (const bot of manifest.bots) bot.botId = appId;
    for (const ext of manifest.composeExtensions ?? []) ext.botId = appId;
  } else {
    warnings.push(`MicrosoftAppId is not set: the package keeps the placeholder id ${PLACEHOLDER}`);
  }
  const publicUrl = env.TEND_PUBLIC_URL?.trim();
  if (publicUrl) manifest.validDomains = [new URL(publicUrl).host];
  const color = readFileSync(join(dir, manifest.icons.color));
  const outline = readFileSync(join(dir, manifest.icons.outline));
  const c = pngInfo(color);
  const o = pngInfo(outline);
  if (c.width !== 192 || c.height !== 192) throw new Error('the colour icon must be 192×192');
  if (o.width !== 32 || o.height !== 32 || !o.alpha) {
    throw new Error('the outline icon must be a transparent 32×32 PNG');
  }
  const zip = writeZip([
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    { name: manifest.icons.color, data: color },
    { name: manifest.icons.outline, data: outline },
  ]);
  return { zip, manifest, warnings };
}

// `npm run teams:package` → dist/tend-teams.zip
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const { zip, warnings } = buildTeamsPackage();
    const out = join(import.meta.dirname, '..', 'dist', 'tend-teams.zip');
    mkdirSync(join(out, '..'), { recursive: true });
    writeFileSync(out, zip);
    for (const w of warnings) console.warn(`warning: ${w}`);
    console.log(`wrote ${out} (${zip.length} bytes)`);
  } catch (error) {
    console.error(`teams:package: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
