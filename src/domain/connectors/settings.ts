import { z } from 'zod';

// Connector settings (settings file, `connectors:`). Every name a connector reads from another
// tool (a Segment trait, an event name, a HubSpot property) is configurable, because each team
// names them its own way; the defaults follow the tools' own specs where they have one.

const traitName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  // A trait name is looked up as a key, never evaluated; a dotted path is not supported.
  .regex(/^[^.\s][^\s]*$/, 'config.expect.trait');

/** HubSpot internal property names are lower case letters, digits and underscores. */
const propertyName = z
  .string()
  .trim()
  .regex(/^[a-z0-9_]{1,100}$/, 'config.expect.hubspotProperty');

export const segmentSettingsSchema = z
  .object({
    /** The track event that counts as a login (Segment's B2B SaaS spec calls it "Signed In"). */
    loginEvent: z.string().trim().min(1).max(200).default('Signed In'),
    /** Track events that are core features; empty leaves core_features_* empty. */
    coreFeatures: z
      .array(z.string().trim().min(1).max(200))
      .max(200)
      .default([])
      .transform((list) => [...new Set(list)]),
    /** Which `group` traits fill which account fields. */
    traits: z
      .object({
        name: traitName.default('name'),
        plan: traitName.default('plan'),
        seats: traitName.default('seats'),
        arr: traitName.default('arr'),
        ownerEmail: traitName.default('owner_email'),
        domain: traitName.default('website'),
      })
      .strict()
      .prefault({}),
    /** How long a messageId is remembered, so a resent event is not counted twice. */
    messageIdDays: z.number().int().min(1).max(365).default(30),
  })
  .strict()
  .prefault({});

export const zendeskSettingsSchema = z
  .object({
    /**
     * Zendesk organization id → Tend account external id. An organization not listed here
     * is looked up as an account whose external id is the organization id.
     */
    organizations: z.record(z.string().regex(/^\d+$/), z.string().trim().min(1)).default({}),
    /** How far the signature timestamp may lie from Tend's clock (replays are refused). */
    maxSkewMinutes: z
      .number()
      .min(1)
      .max(24 * 60)
      .default(15),
  })
  .strict()
  .prefault({});

export const hubspotSettingsSchema = z
  .object({
    /** How often the scheduled sync runs (only with HUBSPOT_ACCESS_TOKEN set). */
    everyMinutes: z.number().int().min(5).max(1440).default(60),
    /** Company property → account field. */
    properties: z
      .object({
        externalId: propertyName.default('hs_object_id'),
        name: propertyName.default('name'),
        domain: propertyName.default('domain'),
        arr: propertyName.default('annualrevenue'),
        owner: propertyName.default('hubspot_owner_id'),
        renewalDate: propertyName.default('renewal_date'),
      })
      .strict()
      .prefault({})
      .superRefine((p, ctx) => {
        const seen = new Map<string, string>();
        for (const [field, name] of Object.entries(p)) {
          const other = seen.get(name);
          if (other && !(field === 'externalId' || other === 'externalId')) {
            ctx.addIssue({
              code: 'custom',
              path: [field],
              message: 'config.expect.sameProperty',
              params: { other, name },
            });
          }
          seen.set(name, field);
        }
      }),
  })
  .strict()
  .prefault({});

export const connectorSettingsSchema = z
  .object({
    segment: segmentSettingsSchema,
    zendesk: zendeskSettingsSchema,
    hubspot: hubspotSettingsSchema,
  })
  .strict()
  .prefault({});

export type ConnectorSettings = z.output<typeof connectorSettingsSchema>;
export type SegmentSettings = ConnectorSettings['segment'];
export type ZendeskSettings = ConnectorSettings['zendesk'];
export type HubspotSettings = ConnectorSettings['hubspot'];
