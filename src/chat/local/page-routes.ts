import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { TendError } from '../../errors';
import { HttpError } from '../../http/body';
import { type Route, sendJson } from '../../http/server';
import { createPageGuard, PAGE_TOKEN_HEADER } from './page-guard';
import { localWorkspaceState } from './page-state';
import { readPageJson } from './request';
import { isFor, UnknownInWorkspace, type WorkspaceEvent } from './state';
import type { LocalJobName, LocalWorkspace } from './workspace';

const WEB_DIR = new URL('./web/', import.meta.url);
const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};
// Only these files are served: the page has no build step and no other assets.
const ASSETS = new Set([
  'index.html',
  'app.js',
  'block-kit.js',
  'teams.js',
  'style.css',
  'favicon.svg',
]);
const require = createRequire(import.meta.url);

async function sendFile(res: ServerResponse, path: string | URL, type: string) {
  const body = await readFile(path);
  res.writeHead(200, {
    'content-type': type,
    'content-length': body.length,
    'cache-control': 'no-cache',
  });
  res.end(body);
}

const user = z.string().regex(/^U[A-Z0-9]+$/);
// The page takes up to 4,000 typed characters (no command needs more) and says so plainly.
export const TEXT_MAX = 4000;
const text = z.string().trim().min(1).max(TEXT_MAX);
const sendBody = z.object({ user, channel: z.string().min(1), text });
const clickBody = z.object({
  user,
  source: z.union([
    z.object({ channel: z.string(), ts: z.string() }),
    z.object({ viewId: z.string() }),
  ]),
  blockId: z.string(),
  actionId: z.string(),
  selected: z.string().optional(),
});
const submitBody = z.object({
  user,
  viewId: z.string(),
  values: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown()))),
});
const viewBody = z.object({ user, viewId: z.string() });
// The manifest's message shortcuts (manifests/slack/manifest.yaml `shortcuts`).
const shortcutBody = z.object({
  user,
  channel: z.string(),
  ts: z.string(),
  callbackId: z.enum(['log_to_account']),
});
const homeBody = z.object({ user });
const teamsSend = z.object({ user, text });
const teamsClick = z.object({
  user,
  messageId: z.string(),
  kind: z.enum(['execute', 'submit']),
  verb: z.string().optional(),
  data: z.unknown(),
});
const jobName = z.enum(['risk', 'signals', 'renewals', 'digest', 'escalate', 'hubspot']);
/** The click's instant (ms since 1970): a request sent twice for one click runs once. */
const jobBody = z.object({ key: z.number().int().positive().optional() });

async function parse<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse(await readPageJson(req));
  if (!parsed.success) {
    throw new HttpError(400, { error: 'invalid_request', message: plainIssues(parsed.error) });
  }
  return parsed.data;
}

const count = (n: number) => n.toLocaleString('en-US');

/** zod's issues in one sentence a person can act on (the page shows it as a toast). */
export function plainIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const field = i.path.join('.') || 'request';
      if (i.code === 'too_big' && field === 'text') {
        return `That message is too long: at most ${count(Number(i.maximum))} characters, please shorten it.`;
      }
      if (i.code === 'too_small' && field === 'text') return 'Type something first.';
      return `${field}: ${i.message}`;
    })
    .join(' ');
}

/** Runs a page request; a refused one answers its status and message for the page to show. */
function handle(
  work: (req: IncomingMessage, res: ServerResponse, p: Record<string, string>) => Promise<unknown>,
) {
  return async (req: IncomingMessage, res: ServerResponse, params: Record<string, string>) => {
    try {
      const answer = await work(req, res, params);
      if (!res.headersSent) sendJson(res, 200, answer ?? { ok: true });
    } catch (error) {
      if (error instanceof HttpError) return sendJson(res, error.status, error.body);
      if (error instanceof UnknownInWorkspace) {
        return sendJson(res, 404, { error: 'not_found', message: error.message });
      }
      throw error;
    }
  };
}

/** Server-sent events: what this user may see, as it happens. */
function stream(workspace: LocalWorkspace, req: IncomingMessage, res: ServerResponse) {
  const who = new URL(req.url ?? '/', 'http://localhost').searchParams.get('user') ?? '';
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  res.write('retry: 1000\n\n');
  const listener = (event: WorkspaceEvent) => {
    if (isFor(event, who)) res.write(`data: ${JSON.stringify(event)}\n\n`);
  };
  const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
  const end = () => res.end();
  workspace.state.on('event', listener);
  workspace.state.once('closed', end);
  req.on('close', () => {
    clearInterval(ping);
    workspace.state.off('event', listener);
    workspace.state.off('closed', end);
  });
}

function teamsOf(workspace: LocalWorkspace) {
  const teams = workspace.teams();
  if (!teams) throw new HttpError(409, { error: 'teams_off', message: 'The Teams view is off.' });
  return teams;
}

function userOf(workspace: LocalWorkspace, id: string) {
  const found = workspace.state.userById(id);
  if (!found) throw new HttpError(404, { error: 'user_not_found' });
  return found;
}

/** The local workspace page (`/`), its assets, state, live stream and the things one can do. */
export function localWorkspaceRoutes(workspace: LocalWorkspace): Route[] {
  const guard = createPageGuard();
  const routes: Route[] = [
    {
      method: 'GET',
      path: '/',
      handler: async (_q, res) => {
        // The page carries its token; its script sends it back on every POST.
        const html = (await readFile(new URL('index.html', WEB_DIR), 'utf8')).replace(
          '<head>',
          `<head>\n  <meta name="tend-page-token" content="${guard.token}" data-header="${PAGE_TOKEN_HEADER}">`,
        );
        res.writeHead(200, {
          'content-type': TYPES.html!,
          'content-length': Buffer.byteLength(html),
          'cache-control': 'no-store',
        });
        res.end(html);
      },
    },
    {
      method: 'GET',
      path: '/local/web/:file',
      handler: async (_q, res, { file = '' }) => {
        if (!ASSETS.has(file)) return sendJson(res, 404, { error: 'not_found' });
        await sendFile(
          res,
          new URL(file, WEB_DIR),
          TYPES[file.split('.').pop() ?? ''] ?? 'text/plain',
        );
      },
    },
    {
      method: 'GET',
      path: '/local/vendor/adaptivecards.js',
      handler: (_q, res) =>
        sendFile(res, require.resolve('adaptivecards/dist/adaptivecards.min.js'), TYPES.js!),
    },
    {
      method: 'GET',
      path: '/local/state',
      handler: (req, res) => {
        const who = new URL(req.url ?? '/', 'http://localhost').searchParams.get('user');
        sendJson(res, 200, localWorkspaceState(workspace, who));
      },
    },
    { method: 'GET', path: '/local/events', handler: (req, res) => stream(workspace, req, res) },
    {
      method: 'POST',
      path: '/local/slack/send',
      handler: handle(async (req) => {
        const b = await parse(req, sendBody);
        if (b.text.trim().startsWith('/')) {
          await workspace.actor().command(b.user, b.channel, b.text);
        } else {
          // A DM to the app or "@Tend …" reaches the bot as Slack's events do (a question).
          await workspace.actor().say(b.user, b.channel, b.text);
        }
      }),
    },
    {
      method: 'POST',
      path: '/local/slack/click',
      handler: handle(async (req) => {
        const b = await parse(req, clickBody);
        await workspace.actor().click({ ...b, userId: b.user });
      }),
    },
    {
      method: 'POST',
      path: '/local/slack/shortcut',
      handler: handle(async (req) => {
        const b = await parse(req, shortcutBody);
        await workspace.actor().shortcut(b.user, b.channel, b.ts, b.callbackId);
      }),
    },
    {
      method: 'POST',
      path: '/local/slack/submit',
      handler: handle(async (req) => {
        const b = await parse(req, submitBody);
        await workspace.actor().submit(b.user, b.viewId, b.values);
      }),
    },
    {
      method: 'POST',
      path: '/local/slack/close',
      handler: handle(async (req) => {
        const b = await parse(req, viewBody);
        await workspace.actor().close(b.user, b.viewId);
      }),
    },
    {
      method: 'POST',
      path: '/local/slack/home',
      handler: handle(async (req) => {
        const b = await parse(req, homeBody);
        await workspace.actor().openHome(b.user);
      }),
    },
    {
      method: 'POST',
      path: '/local/teams/send',
      handler: handle(async (req) => {
        const b = await parse(req, teamsSend);
        await teamsOf(workspace).send(userOf(workspace, b.user), b.text);
      }),
    },
    {
      method: 'POST',
      path: '/local/teams/click',
      handler: handle(async (req) => {
        const b = await parse(req, teamsClick);
        await teamsOf(workspace).click(userOf(workspace, b.user), b.messageId, {
          kind: b.kind,
          data: b.data,
          ...(b.verb ? { verb: b.verb } : {}),
        });
      }),
    },
    {
      method: 'POST',
      path: '/local/jobs/:name',
      handler: handle(async (req, _res, params) => {
        const name = jobName.safeParse(params.name);
        if (!name.success) throw new HttpError(404, { error: 'unknown_job' });
        const body = await parse(req, jobBody);
        if (!workspace.jobs) {
          throw new HttpError(501, {
            error: 'jobs_unavailable',
            message: 'Jobs are not wired in yet.',
          });
        }
        const key = body.key === undefined ? undefined : new Date(body.key);
        const summary = await workspace.jobs(name.data as LocalJobName, key).catch((error) => {
          if (error instanceof TendError && error.code === 'bad_key') {
            throw new HttpError(400, { error: 'bad_key', message: error.message });
          }
          throw error;
        });
        workspace.state.notice(summary);
        return { ok: true, summary };
      }),
    },
  ];
  return routes.map((r) => ({
    ...r,
    handler: r.method === 'GET' ? guard.read(r.handler) : guard.write(r.handler),
  }));
}
