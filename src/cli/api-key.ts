import { createApiKey, listApiKeys, revokeApiKey } from '../app/api-keys';
import { t } from '../cards/i18n/t';
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
    const locale = cliLocale(ctx);
    const roleAt = args.indexOf('--role');
    const role = roleAt >= 0 ? args[roleAt + 1] : 'ingest';
    if (role !== 'ingest' && role !== 'admin') {
      io.err(t(locale, 'cli.apiKey.badRole'));
      return 2;
    }
    const [action, target, ...rest] =
      roleAt >= 0 ? args.filter((_, i) => i !== roleAt && i !== roleAt + 1) : args;
    if (action === 'create' && target && rest.length === 0) {
      const { key, info } = await createApiKey(ctx, target, role);
      io.out(key);
      io.err(t(locale, 'cli.apiKey.created', { role: info.role, id: info.id, name: info.name }));
      return 0;
    }
    if (action === 'revoke' && target && rest.length === 0) {
      const info = await revokeApiKey(ctx, target);
      io.out(t(locale, 'cli.apiKey.revoked', { id: info.id, name: info.name }));
      return 0;
    }
    if (action === 'list' && !target) {
      const keys = await listApiKeys(ctx);
      if (keys.length === 0) io.out(t(locale, 'cli.apiKey.none'));
      for (const k of keys) {
        io.out(
          t(locale, 'cli.apiKey.row', {
            id: String(k.id).padStart(4),
            name: k.name.padEnd(24),
            role: k.role.padEnd(6),
            prefix: k.prefix,
            created: iso(k.created_at),
            used: iso(k.last_used_at),
            revoked: k.revoked_at ? iso(k.revoked_at) : 'none',
          }),
        );
      }
      return 0;
    }
    io.err(usageLines(locale, this.usage));
    return 2;
  },
};
