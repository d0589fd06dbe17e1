import type { AccountFields } from './segment';
import type { HubspotSettings } from './settings';

/** A company as HubSpot's CRM search returns it: its id and the properties asked for. */
export interface HubspotCompany {
  id: string;
  properties: Record<string, string | null | undefined>;
}

/** The properties a sync asks for: the mapped ones and the one the cursor follows. */
export function hubspotProperties(settings: HubspotSettings): string[] {
  return [...new Set([...Object.values(settings.properties), 'hs_lastmodifieddate'])];
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * A HubSpot date as a day: date properties come as `2027-03-01`, datetime ones as ISO text or
 * epoch milliseconds (midnight UTC for a date picked in the UI).
 */
export function hubspotDay(value: string | null | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value.trim() === '') return null;
  const v = value.trim();
  if (/^\d{4}-\d{2}-\d{2}/.test(v)) return v.slice(0, 10);
  if (/^\d{10,14}$/.test(v)) return new Date(Number(v)).toISOString().slice(0, 10);
  // Anything else is passed on for the accounts schema to refuse with its reason.
  return v;
}

/**
 * The /api/v1/accounts row a company stands for, over what Tend already holds: a property
 * HubSpot returned (even empty) sets its field, one it did not return (not defined in this
 * portal) leaves the field as it was. The owner property holds an owner id (HubSpot's
 * hubspot_owner_id) resolved through `ownerEmail`, or an e-mail address itself.
 */
export function accountFromCompany(
  company: HubspotCompany,
  settings: HubspotSettings,
  existing: AccountFields | null,
  ownerEmail: (ownerId: string) => string | null,
): { ok: true; row: AccountFields } | { ok: false; error: string } {
  const p = settings.properties;
  const props = company.properties;
  const externalId =
    p.externalId === 'hs_object_id' ? (props.hs_object_id ?? company.id) : props[p.externalId];
  if (!externalId || externalId.trim() === '') {
    return { ok: false, error: 'is empty: the company cannot be matched to an account' };
  }
  const row: AccountFields = { ...(existing ?? {}), external_id: externalId.trim() };
  const set = (field: string, value: unknown) => {
    if (value !== undefined) row[field] = value === '' ? null : value;
  };
  set('name', props[p.name]);
  set('domain', props[p.domain]);
  set('arr', props[p.arr]);
  set('renewal_date', hubspotDay(props[p.renewalDate]));
  const owner = props[p.owner];
  if (owner !== undefined) {
    const o = owner?.trim() ?? '';
    row.owner_email = o === '' ? null : EMAIL.test(o) ? o : ownerEmail(o);
  }
  return { ok: true, row };
}
