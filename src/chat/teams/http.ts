import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppContext } from '../../app/context';
import { cleanStringsInPlace } from '../../domain/text-input';
import { HttpError, readJsonBody } from '../../http/body';
import { type Route, sendJson } from '../../http/server';
import type { TeamsBot } from './bot';

// Activities are small; a card action with its inputs stays far below this.
const MAX_ACTIVITY_BYTES = 1024 * 1024;

/** The minimal response CloudAdapter.process writes to, collected so we can answer once. */
function collector() {
  const out = { status: 200, body: undefined as unknown, headers: {} as Record<string, string> };
  const res = {
    socket: null,
    status(code: number) {
      out.status = code;
      return res;
    },
    header(name: string, value: unknown) {
      out.headers[name.toLowerCase()] = String(value);
      return res;
    },
    send(body: unknown) {
      out.body = body;
      return res;
    },
    end() {
      return res;
    },
  };
  return { res, out };
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  if (body === undefined || body === null) {
    res.writeHead(status).end();
  } else if (typeof body === 'string') {
    sendJson(res, status, { error: status === 401 ? 'unauthorized' : 'error', message: body });
  } else {
    sendJson(res, status, body);
  }
}

/**
 * `POST /api/messages`: Bot Framework's endpoint on our node:http server. The adapter wants a
 * parsed body and an Express-like response; we give it both and write the real answer after:
 * its status (401 for a missing or bad token when an app id is set), the invoke response, or
 * our 403 when the tenant is not allowed.
 */
export function teamsRoutes(ctx: AppContext, given?: TeamsBot): Route[] {
  // botbuilder takes most of a second to load: only pay for it once Teams actually calls.
  let loading: Promise<TeamsBot> | null = given ? Promise.resolve(given) : null;
  const botFor = () => {
    loading ??= import('./bot').then(({ createTeamsBot }) => createTeamsBot(ctx));
    return loading;
  };
  async function handler(req: IncomingMessage, res: ServerResponse) {
    const bot = await botFor();
    // The SDK would refuse this too, but logs a stack trace to stderr for every scanner.
    if (bot.settings.appId && !req.headers.authorization) {
      req.resume();
      return sendJson(res, 401, { error: 'unauthorized', message: 'a Bot Framework token' });
    }
    let body: unknown;
    try {
      body = await readJsonBody(req, MAX_ACTIVITY_BYTES);
    } catch (error) {
      if (error instanceof HttpError) return sendJson(res, error.status, error.body);
      throw error;
    }
    const type = (body as { type?: unknown } | null)?.type;
    if (!body || Array.isArray(body) || typeof type !== 'string' || type === '') {
      return sendJson(res, 400, { error: 'invalid_activity', message: 'send one activity' });
    }
    if (bot.settings.appId) {
      const verdict = await bot.authenticate(
        body as Record<string, unknown>,
        String(req.headers.authorization),
      );
      if (verdict === 'unauthorized') {
        return sendJson(res, 401, {
          error: 'unauthorized',
          message: 'a valid Bot Framework token',
        });
      }
      if (verdict === 'unavailable') {
        res.setHeader('retry-after', '30');
        return sendJson(res, 503, {
          error: 'token_service_unreachable',
          message: 'the Bot Framework token metadata could not be fetched; try again',
        });
      }
    }
    // Every string storable (Postgres refuses NUL in text and jsonb); the body is not signed
    // (the token is in a header), so cleaning it changes nothing that is verified.
    cleanStringsInPlace(body);
    const { res: shim, out } = collector();
    let refused = false;
    await bot.adapter.process(
      { body: body as Record<string, unknown>, headers: req.headers, method: req.method },
      shim,
      async (turn) => {
        refused = (await bot.run(turn)) === 'refused';
      },
    );
    if (refused) {
      return sendJson(res, 403, { error: 'tenant_not_allowed' });
    }
    answer(res, out.status, out.body);
  }
  return [{ method: 'POST', path: '/api/messages', handler }];
}
