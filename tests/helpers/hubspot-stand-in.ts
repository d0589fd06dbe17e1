import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local stand-in of the part of HubSpot's CRM REST API the sync uses, strict where HubSpot
// is: a bearer token, POST /crm/v3/objects/companies/search (filters on hs_lastmodifieddate,
// sort by it, at most 200 a page, `after` an offset that may not pass 10,000) and
// GET /crm/v3/owners/. Properties a company lacks are left out of its answer, as HubSpot
// leaves out properties the portal does not define; empty ones come back as null.

export interface StandInCompany {
  id: string;
  /** ISO time; the stand-in keeps it in hs_lastmodifieddate. */
  modified: string;
  properties: Record<string, string | null>;
}

export interface StandInOwner {
  id: string;
  email: string;
}

interface Filter {
  propertyName: string;
  operator: string;
  value?: string;
}

export async function startHubspotStandIn(token: string) {
  const companies = new Map<string, StandInCompany>();
  const owners: StandInOwner[] = [];
  const searches: { filters: Filter[]; after: string | null; limit: number }[] = [];
  // Search number (counted from the last reset of `searches`) → the status it answers.
  const faults = new Map<number, number>();

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  const read = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
  };
  const error = (_status: number, category: string, message: string) => ({
    status: 'error',
    message,
    correlationId: '00000000-0000-0000-0000-000000000000',
    category,
  });

  const search = (body: {
    filterGroups?: { filters: Filter[] }[];
    sorts?: unknown[];
    properties?: string[];
    limit?: number;
    after?: string;
  }) => {
    const filters = (body.filterGroups ?? []).flatMap((g) => g.filters);
    const limit = body.limit ?? 10;
    const offset = Number(body.after ?? 0);
    searches.push({ filters, after: body.after ?? null, limit });
    if (limit > 200)
      return { status: 400, body: error(400, 'VALIDATION_ERROR', 'limit must be at most 200') };
    if (offset >= 10_000) {
      return {
        status: 400,
        body: error(400, 'VALIDATION_ERROR', 'paging past 10000 results is not allowed'),
      };
    }
    for (const f of filters) {
      if (
        f.propertyName !== 'hs_lastmodifieddate' ||
        !['GT', 'GTE', 'LT', 'LTE', 'EQ'].includes(f.operator)
      ) {
        return {
          status: 400,
          body: error(400, 'VALIDATION_ERROR', `filter not supported by the stand-in`),
        };
      }
    }
    const ms = (c: StandInCompany) => Date.parse(c.modified);
    const keep = (c: StandInCompany) =>
      filters.every((f) => {
        const v = Number(f.value);
        return { GT: ms(c) > v, GTE: ms(c) >= v, LT: ms(c) < v, LTE: ms(c) <= v, EQ: ms(c) === v }[
          f.operator as 'GT'
        ];
      });
    const sorted = [...companies.values()]
      .filter(keep)
      .sort((a, b) => ms(a) - ms(b) || Number(a.id) - Number(b.id));
    const wanted = new Set([
      ...(body.properties ?? []),
      'hs_object_id',
      'hs_lastmodifieddate',
      'createdate',
    ]);
    const results = sorted.slice(offset, offset + limit).map((c) => {
      const all: Record<string, string | null> = {
        ...c.properties,
        hs_object_id: c.id,
        hs_lastmodifieddate: c.modified,
        createdate: '2024-01-01T00:00:00Z',
      };
      const properties = Object.fromEntries(Object.entries(all).filter(([k]) => wanted.has(k)));
      return {
        id: c.id,
        properties,
        createdAt: '2024-01-01T00:00:00Z',
        updatedAt: c.modified,
        archived: false,
      };
    });
    const more = offset + limit < sorted.length;
    return {
      status: 200,
      body: {
        total: sorted.length,
        results,
        ...(more ? { paging: { next: { after: String(offset + limit) } } } : {}),
      },
    };
  };

  const server = createServer(async (req, res) => {
    if (req.headers.authorization !== `Bearer ${token}`) {
      send(res, 401, error(401, 'INVALID_AUTHENTICATION', 'Authentication credentials not found.'));
      return;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'POST' && url.pathname === '/crm/v3/objects/companies/search') {
      const body = await read(req);
      const fault = faults.get(searches.length + 1);
      if (fault) {
        faults.delete(searches.length + 1);
        searches.push({ filters: [], after: body.after ?? null, limit: body.limit ?? 10 });
        send(res, fault, error(fault, 'INTERNAL_ERROR', 'stand-in fault'));
        return;
      }
      const out = search(body);
      send(res, out.status, out.body);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/crm/v3/owners/') {
      const limit = Number(url.searchParams.get('limit') ?? 100);
      const offset = Number(url.searchParams.get('after') ?? 0);
      const page = owners.slice(offset, offset + limit).map((o) => ({
        id: o.id,
        email: o.email,
        firstName: 'Owner',
        lastName: o.id,
        userId: Number(o.id),
        createdAt: '2024-01-01T00:00:00Z',
        updatedAt: '2024-01-01T00:00:00Z',
        archived: false,
      }));
      const more = offset + limit < owners.length;
      send(res, 200, {
        results: page,
        ...(more ? { paging: { next: { after: String(offset + limit) } } } : {}),
      });
      return;
    }
    send(res, 404, error(404, 'OBJECT_NOT_FOUND', `no route ${req.method} ${url.pathname}`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    companies,
    owners,
    searches,
    /** The n-th company search from now answers with this status (a HubSpot outage). */
    failSearch(n: number, status: number) {
      faults.set(searches.length + n, status);
    },
    put(c: StandInCompany) {
      companies.set(c.id, c);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
