import { z } from 'zod';
import { clip } from '../../../cards/block-kit';

export const FOLLOW_UP_MODAL = 'followup.log.modal';
export const FIELDS = {
  title: { block: 'title', action: 'title' },
  due: { block: 'due', action: 'due' },
  owner: { block: 'owner', action: 'owner' },
} as const;

/** What the modal carries between opening and submission (private_metadata, ≤ 3000 chars). */
export const modalMetadata = z.object({
  accountId: z.number().int().positive(),
  channelId: z.string().nullable(),
});
export type ModalMetadata = z.infer<typeof modalMetadata>;

/** Log follow-up: account preselected, title, due date, owner (the clicker by default). */
export function followUpModal(
  meta: ModalMetadata,
  accountName: string,
  ownerUserId: string,
  today: string,
) {
  return {
    type: 'modal' as const,
    callback_id: FOLLOW_UP_MODAL,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text' as const, text: 'Log follow-up' },
    submit: { type: 'plain_text' as const, text: 'Save' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*Account:* ${clip(accountName, 200).replace(/[<>&]/g, '')}`,
        },
      },
      {
        type: 'input',
        block_id: FIELDS.title.block,
        label: { type: 'plain_text', text: 'What to do' },
        element: {
          type: 'plain_text_input',
          action_id: FIELDS.title.action,
          max_length: 500,
          placeholder: { type: 'plain_text', text: 'Send the QBR deck' },
        },
      },
      {
        type: 'input',
        block_id: FIELDS.due.block,
        optional: true,
        label: { type: 'plain_text', text: 'Due' },
        element: { type: 'datepicker', action_id: FIELDS.due.action, initial_date: today },
      },
      {
        type: 'input',
        block_id: FIELDS.owner.block,
        label: { type: 'plain_text', text: 'Owner' },
        element: {
          type: 'users_select',
          action_id: FIELDS.owner.action,
          initial_user: ownerUserId,
        },
      },
    ] as never[],
  };
}
