import { z } from 'zod';

/**
 * Playbooks: a named, versioned list of steps started for an account by a trigger. The settings
 * file holds them (src/settings.ts validates with these schemas); a running playbook keeps a copy
 * of its steps as they were at its version, so editing the settings never changes one already
 * running.
 */

export const BANDS = ['green', 'yellow', 'red'] as const;

/** What starts a playbook. Risk rules and NPS loops start it as they fire; the rest the job finds. */
export const triggerSchema = z.discriminatedUnion('type', [
  // A risk (or expansion) rule firing: each new alert of the rule is one occurrence.
  z
    .object({
      type: z.literal('rule'),
      rule: z.string().regex(/^[a-z_]+$/, 'config.expect.ruleName'),
    })
    .strict(),
  // So many days before the renewal date: each renewal date is one occurrence.
  z.object({ type: z.literal('renewal'), daysBefore: z.number().int().min(1).max(730) }).strict(),
  // An account whose contract started (or, without one, that was added) within this many days.
  z
    .object({
      type: z.literal('new_account'),
      withinDays: z.number().int().min(1).max(365).default(14),
    })
    .strict(),
  // The health band changed to this one (from any other): each change is one occurrence.
  z.object({ type: z.literal('band_change'), to: z.enum(BANDS) }).strict(),
  // A survey loop opened (a detractor, a low CSAT): each loop is one occurrence.
  z.object({ type: z.literal('nps_loop') }).strict(),
  // Only `/play <account> <name>`: each command is one occurrence.
  z.object({ type: z.literal('manual') }).strict(),
]);
export type Trigger = z.infer<typeof triggerSchema>;
export type TriggerType = Trigger['type'];

/** A step applies only to accounts that match every field given (case-insensitive). */
export const conditionSchema = z
  .object({
    tier: z.array(z.string().min(1)).min(1).optional(),
    segment: z.array(z.string().min(1)).min(1).optional(),
    minArr: z.number().min(0).optional(),
  })
  .strict();
export type Condition = z.infer<typeof conditionSchema>;

/** Who does a step: the account owner, their manager (the first of `managers`), or a named person. */
export const ownerSchema = z.union([z.literal('account_owner'), z.literal('manager'), z.email()], {
  error: 'config.expect.stepOwner',
});
export type StepOwner = z.infer<typeof ownerSchema>;

export const stepSchema = z
  .object({
    title: z.string().trim().min(1).max(150),
    owner: ownerSchema.default('account_owner'),
    /** Days after the playbook's start (a renewal playbook: after `daysBefore` the renewal). */
    dueDays: z.number().int().min(0).max(3650),
    when: conditionSchema.optional(),
  })
  .strict();
export type PlaybookStep = z.infer<typeof stepSchema>;

export const playbookSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'config.expect.playbookName'),
    version: z.number().int().min(1).default(1),
    title: z.string().trim().min(1).max(80).optional(),
    trigger: triggerSchema,
    steps: z.array(stepSchema).min(1).max(20),
  })
  .strict();
export type Playbook = z.infer<typeof playbookSchema>;

/** The list, with names unique (a `/play` name and a run's key must mean one playbook). */
export const playbooksSchema = z.array(playbookSchema).superRefine((list, ctx) => {
  const seen = new Map<string, number>();
  list.forEach((p, i) => {
    const first = seen.get(p.name);
    if (first !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [i, 'name'],
        message: 'config.expect.playbookTwice',
        params: { name: p.name, n: first + 1 },
      });
    } else seen.set(p.name, i);
  });
});

/** The playbooks Tend runs when the settings name none. */
export const DEFAULT_PLAYBOOKS: Playbook[] = [
  {
    name: 'onboarding',
    version: 1,
    title: 'Onboarding',
    trigger: { type: 'new_account', withinDays: 14 },
    steps: [
      { title: 'Kickoff call', owner: 'account_owner', dueDays: 0 },
      { title: 'Data set up', owner: 'account_owner', dueDays: 7 },
      { title: 'Time-to-value check', owner: 'account_owner', dueDays: 14 },
      { title: 'First review', owner: 'account_owner', dueDays: 30 },
      { title: 'Graduation', owner: 'account_owner', dueDays: 90 },
    ],
  },
  {
    name: 'detractor-recovery',
    version: 1,
    title: 'Detractor recovery',
    trigger: { type: 'nps_loop' },
    steps: [
      { title: 'Call the respondent', owner: 'account_owner', dueDays: 0 },
      { title: 'Agree a fix and share it', owner: 'account_owner', dueDays: 7 },
      { title: 'Manager check-in with the sponsor', owner: 'manager', dueDays: 14 },
      { title: 'Confirm the fix landed', owner: 'account_owner', dueDays: 30 },
    ],
  },
  {
    name: 'renewal',
    version: 1,
    title: 'Renewal',
    trigger: { type: 'renewal', daysBefore: 120 },
    steps: [
      { title: 'Renewal plan and risks (120 days out)', owner: 'account_owner', dueDays: 0 },
      { title: 'Value review with the sponsor (90 days out)', owner: 'account_owner', dueDays: 30 },
      { title: 'Proposal sent (60 days out)', owner: 'account_owner', dueDays: 60 },
      { title: 'Signature chased (30 days out)', owner: 'manager', dueDays: 90 },
    ],
  },
  {
    name: 'usage-decline-rescue',
    version: 1,
    title: 'Usage decline rescue',
    trigger: { type: 'rule', rule: 'usage_decline' },
    steps: [
      { title: 'Find out why usage fell', owner: 'account_owner', dueDays: 0 },
      { title: 'Re-training or enablement session', owner: 'account_owner', dueDays: 7 },
      { title: 'Usage back on track?', owner: 'account_owner', dueDays: 21 },
    ],
  },
];

/** A playbook's display name: its title, else its name. */
export const playbookTitle = (p: { name: string; title?: string | undefined }) => p.title ?? p.name;
