import { createApiKey, listApiKeys, revokeApiKey } from '../app/api-keys';
import type { CliCommand } from './command';
import { cliLocale } from './locale';
import { usageLines } from './usage-error';

const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') : '-');

export const apiKeyCommand: CliCommand = {
  name: 'api-key',
  usage: [
    'tend api-key create <name> [--role ingest|admin]',
    'tend api-key revoke <id|name>',
    'tend api-key list',
  ],
  summary: 'cli.help.apiKey',
  forms: { 1: 'cli.help.apiKey.1', 2: 'cli.help.apiKey.2' },
  async run(args, ctx, io) {
    const roleAt = args.indexOf('--role');
    const role = roleAt >= 0 ? args[roleAt + 1] : 'ingest';
    if (role !== 'ingest' && role !== 'admin') {
      io.err('tend: --role is ingest (data in, health out) or admin (also the privacy routes)');
      return 2;
    }
    const [action, target, ...rest] =
      roleAt >= 0 ? args.filter((_, i) => i !== roleAt && i !== roleAt + 1) : args;
    if (action === 'create' && target && rest.length === 0) {
      const { key, info } = await createApiKey(ctx, target, role);
      io.out(key);
      io.err(
        `created ${info.role} API key ${info.id} '${info.name}'. It is shown only this once: store it now.`,
      );
      return 0;
    }
    if (action === 'revoke' && target && rest.length === 0) {
      const info = await revokeApiKey(ctx, target);
      io.out(`revoked API key ${info.id} '${info.name}'`);
      return 0;
    }
    if (action === 'list' && !target) {
      const keys = await listApiKeys(ctx);
      if (keys.length === 0) io.out('no API keys');
      for (const k of keys) {
        const state = k.revoked_at ? `revoked ${iso(k.revoked_at)}` : 'active';
        io.out(
          `${String(k.id).padStart(4)}  ${k.name.padEnd(24)} ${k.role.padEnd(6)} ${k.prefix}…  created ${iso(k.created_at)}  last used ${iso(k.last_used_at)}  ${state}`,
        );
      }
      return 0;
    }
    io.err(usageLines(cliLocale(ctx), this.usage));
    return 2;
  },
};
