import { describe, expect, it } from 'vitest';
import {
  accountFromCompany,
  accountFromGroup,
  hubspotDay,
  parseSegmentMessages,
  rollupActivity,
  segmentSettingsSchema,
  ticketFromZendesk,
  zendeskEvent,
  zendeskSignature,
} from '../../../src/domain/connectors';
import { hubspotSettingsSchema } from '../../../src/domain/connectors/settings';

const NOW = new Date('2026-11-20T10:00:00Z');

describe('Segment messages', () => {
  it('gives a message without messageId the same id for the same content', () => {
    const m = {
      type: 'track',
      userId: 'u1',
      event: 'Signed In',
      timestamp: '2026-11-19T09:00:00Z',
    };
    const [a] = parseSegmentMessages([m], NOW).messages;
    const [b] = parseSegmentMessages([{ ...m }], NOW).messages;
    const [c] = parseSegmentMessages([{ ...m, event: 'Other' }], NOW).messages;
    expect(a?.messageId).toMatch(/^auto:/);
    expect(a?.messageId).toBe(b?.messageId);
    expect(a?.messageId).not.toBe(c?.messageId);
  });

  it('takes numeric ids, anonymous users and an account named in properties', () => {
    const [m] = parseSegmentMessages(
      [{ type: 'page', anonymousId: 42, properties: { group_id: 7 }, messageId: 'p1' }],
      NOW,
    ).messages;
    expect(m).toMatchObject({ user: 'anon:42', userId: null, accountHint: '7', at: NOW });
  });

  it('merges group traits over the account Tend holds, keeping what the call leaves out', () => {
    const names = segmentSettingsSchema.parse({}).traits;
    const row = accountFromGroup(
      'acme',
      { plan: 'Pro', website: 'https://acme.example/x', arr: null },
      names,
      { external_id: 'acme', name: 'Acme', arr: 10, slack_channel: '#acme' },
    );
    expect(row).toEqual({
      external_id: 'acme',
      name: 'Acme',
      arr: 10,
      slack_channel: '#acme',
      tier: 'Pro',
      domain: 'acme.example',
    });
  });

  it('counts logins per user and each core feature once per account-day', () => {
    const r = rollupActivity(
      [
        { accountId: 2, day: '2026-11-19', user: 'b', event: 'SIGNED IN' },
        { accountId: 1, day: '2026-11-19', user: 'a', event: 'Export' },
        { accountId: 1, day: '2026-11-19', user: 'a', event: 'export' },
        { accountId: 1, day: '2026-11-19', user: 'z', event: null },
      ],
      { loginEvent: 'Signed In', coreFeatures: ['Export'] },
    );
    expect(r.users).toEqual([
      { accountId: 1, day: '2026-11-19', user: 'a', logins: 0 },
      { accountId: 1, day: '2026-11-19', user: 'z', logins: 0 },
      { accountId: 2, day: '2026-11-19', user: 'b', logins: 1 },
    ]);
    expect(r.features).toEqual([{ accountId: 1, day: '2026-11-19', feature: 'Export' }]);
  });
});

describe('Zendesk events', () => {
  const event = (status: string | null, priority: string | null, type = 'ticket.created') =>
    zendeskEvent.parse({
      type: `zen:event-type:${type}`,
      subject: 'zen:ticket:9',
      time: '2026-11-19T10:00:00Z',
      detail: { status, priority, organization_id: '0', created_at: '2026-11-18T10:00:00Z' },
    });

  it.each([
    ['NEW', 'open'],
    ['Open', 'open'],
    ['HOLD', 'pending'],
    ['pending', 'pending'],
    ['SOLVED', 'closed'],
    ['CLOSED', 'closed'],
  ])('maps status %s to %s', (from, to) => {
    const out = ticketFromZendesk(event(from, 'LOW'));
    expect(out).toMatchObject({ kind: 'ticket', row: { status: to, external_id: 'zendesk:9' } });
  });

  it('a ticket without priority is normal; organization 0 is none; deletions are ignored', () => {
    expect(ticketFromZendesk(event('OPEN', null))).toMatchObject({
      organizationId: null,
      row: { priority: 'normal', closed_at: null },
    });
    expect(ticketFromZendesk(event('OPEN', 'HIGH', 'ticket.soft_deleted')).kind).toBe('ignored');
  });

  it('signs like the documented formula: base64(HMAC-SHA256(timestamp + body))', () => {
    // Computed independently: printf '%s' '2026-11-19T10:00:00Z{"a":1}' | openssl dgst -sha256 -hmac secret -binary | base64
    expect(zendeskSignature('secret', '2026-11-19T10:00:00Z', '{"a":1}')).toBe(
      'icPGSeEqWSmVzYsus3KPzU9+5r9blahBRxd5fFgPMb8=',
    );
  });
});

describe('HubSpot companies', () => {
  const settings = hubspotSettingsSchema.parse({});
  it('reads dates as days and owners as e-mails; absent properties keep the field', () => {
    expect(hubspotDay('2027-03-01T00:00:00Z')).toBe('2027-03-01');
    expect(hubspotDay('1803945600000')).toBe('2027-03-02');
    expect(hubspotDay('')).toBeNull();
    const out = accountFromCompany(
      { id: '5', properties: { name: 'Five', hubspot_owner_id: '77', annualrevenue: '' } },
      settings,
      { external_id: '5', name: 'Old', domain: 'five.example' },
      (id) => (id === '77' ? 'omar@tend.example' : null),
    );
    expect(out).toEqual({
      ok: true,
      row: {
        external_id: '5',
        name: 'Five',
        domain: 'five.example',
        arr: null,
        owner_email: 'omar@tend.example',
      },
    });
  });
});
