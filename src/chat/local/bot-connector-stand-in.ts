import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJsonBody } from '../../http/body';
import { createHttpServer, type Route, sendJson } from '../../http/server';
import { silentLogger } from '../../log';

/**
 * An in-process stand-in for the Bot Connector REST API (what Teams' `serviceUrl` points at).
 * It records what the bot sends (replies, new messages, updates, deletes, new conversations)
 * and answers member look-ups, so tests and the local workspace see exactly what Teams would
 * get, over real HTTP, without Microsoft's services. No botbuilder here: it plays Teams.
 */
export interface ConnectorCall {
  kind: 'send' | 'reply' | 'update' | 'delete' | 'create';
  conversationId: string;
  /** The new activity's id (send, reply, create) or the updated/deleted one. */
  activityId: string;
  replyToId?: string;
  body: Record<string, unknown>;
}

export interface StandInMember {
  id: string;
  name: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
  /** Teams' userRole: "user", or "guest" for someone invited from outside the organisation. */
  userRole?: string;
  tenantId?: string;
}

export interface BotConnectorStandIn {
  /** The serviceUrl to put in activities (ends in '/'). */
  url: string;
  calls: ConnectorCall[];
  /** Members by Teams user id (29:…), answered on GET …/members/{id}. */
  members: Map<string, StandInMember>;
  /**
   * Who is in a conversation, by conversation id, answered on GET …/pagedmembers (one page);
   * a conversation without a roster answers every known member, each a "user".
   */
  rosters: Map<string, StandInMember[]>;
  /** The next `count` writes answer `status` (e.g. 429 with Retry-After, 502, 403). */
  failNext(status: number, headers?: Record<string, string>, count?: number): void;
  onCall(listener: (call: ConnectorCall) => void): void;
  close(): Promise<void>;
}

export async function startBotConnectorStandIn(
  /** `firstId`: where activity ids start, so ids kept from before a restart are not reused. */
  options: { port?: number; host?: string; firstId?: number } = {},
): Promise<BotConnectorStandIn> {
  const calls: ConnectorCall[] = [];
  const members = new Map<string, StandInMember>();
  const rosters = new Map<string, StandInMember[]>();
  const listeners: ((call: ConnectorCall) => void)[] = [];
  const failures: { status: number; headers: Record<string, string> }[] = [];
  let next = options.firstId ?? 1;

  const body = async (req: IncomingMessage) => {
    const value = await readJsonBody(req).catch(() => ({}));
    return (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  };
  /** Answers an injected failure, if one is queued; true when it did. */
  const failed = (res: ServerResponse): boolean => {
    const f = failures.shift();
    if (!f) return false;
    res.writeHead(f.status, { 'content-type': 'application/json', ...f.headers });
    res.end(JSON.stringify({ error: { code: `Status${f.status}`, message: 'stand-in failure' } }));
    return true;
  };
  const record = (call: ConnectorCall, res: ServerResponse) => {
    calls.push(call);
    for (const l of listeners) l(call);
    sendJson(res, call.kind === 'create' ? 201 : 200, { id: call.activityId });
  };
  const write =
    (kind: 'send' | 'reply' | 'update') =>
    async (req: IncomingMessage, res: ServerResponse, p: Record<string, string>) => {
      const activity = await body(req);
      if (failed(res)) return;
      const activityId = kind === 'update' ? (p.activityId ?? '') : `activity-${next++}`;
      const replyToId = kind === 'reply' ? p.activityId : undefined;
      record(
        {
          kind,
          conversationId: p.conversationId ?? '',
          activityId,
          body: activity,
          ...(replyToId ? { replyToId } : {}),
        },
        res,
      );
    };

  const routes: Route[] = [
    {
      method: 'POST',
      path: '/v3/conversations/:conversationId/activities',
      handler: write('send'),
    },
    {
      method: 'POST',
      path: '/v3/conversations/:conversationId/activities/:activityId',
      handler: write('reply'),
    },
    {
      method: 'PUT',
      path: '/v3/conversations/:conversationId/activities/:activityId',
      handler: write('update'),
    },
    {
      method: 'DELETE',
      path: '/v3/conversations/:conversationId/activities/:activityId',
      handler: (_req, res, p) => {
        if (failed(res)) return;
        const call = {
          kind: 'delete' as const,
          conversationId: p.conversationId ?? '',
          activityId: p.activityId ?? '',
          body: {},
        };
        calls.push(call);
        for (const l of listeners) l(call);
        res.writeHead(200).end();
      },
    },
    {
      // A new conversation (a personal chat the bot opens): answers its id.
      method: 'POST',
      path: '/v3/conversations',
      handler: async (req, res) => {
        const params = await body(req);
        if (failed(res)) return;
        const conversationId = `a:stand-in-${next++}`;
        calls.push({ kind: 'create', conversationId, activityId: conversationId, body: params });
        sendJson(res, 201, { id: conversationId });
      },
    },
    {
      method: 'GET',
      path: '/v3/conversations/:conversationId/pagedmembers',
      handler: (_req, res, p) => {
        const roster = rosters.get(p.conversationId ?? '') ?? [...members.values()];
        sendJson(res, 200, { members: roster.map((m) => ({ userRole: 'user', ...m })) });
      },
    },
    {
      method: 'GET',
      path: '/v3/conversations/:conversationId/members/:memberId',
      handler: (_req, res, p) => {
        const member = members.get(p.memberId ?? '');
        if (!member) sendJson(res, 404, { error: { code: 'MemberNotFound', message: 'no' } });
        else sendJson(res, 200, member);
      },
    },
  ];
  const server = createHttpServer(routes, silentLogger);
  const { url } = await server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return {
    url: `${url}/`,
    calls,
    members,
    rosters,
    failNext: (status, headers = {}, count = 1) => {
      for (let i = 0; i < count; i++) failures.push({ status, headers });
    },
    onCall: (listener) => listeners.push(listener),
    close: () => server.close(),
  };
}
