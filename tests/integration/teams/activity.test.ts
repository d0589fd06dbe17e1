import { describe, expect, it } from 'vitest';
import {
  addressesBot,
  commandText,
  conversationKey,
  kindOf,
  referenceFor,
} from '../../../src/chat/teams/activity';
import {
  BOT,
  CHANNEL,
  PERSONAL,
  inChannel as rawChannel,
  personal as rawPersonal,
} from './harness';

// The harness builds activities as plain JSON (what goes over the wire); here they go straight
// into the helpers, which take botbuilder's Activity type.
type Activity = Parameters<typeof commandText>[0];
const personal = (text: string) => rawPersonal(text) as unknown as Activity;
const inChannel = (text: string, mention = true) =>
  rawChannel(text, mention) as unknown as Activity;

describe('reading Teams activities', () => {
  it('strips the @mention and the markup Teams wraps around typed text', () => {
    expect(commandText(inChannel('health acme'))).toBe('health acme');
    const html = inChannel('<p>followup &quot;Acme&quot; send Q&amp;A deck&nbsp;by friday</p>');
    expect(commandText(html)).toBe('followup "Acme" send Q&A deck by friday');
    expect(commandText(personal('note &amp;lt;x&amp;gt;'))).toBe('note &lt;x&gt;');
    expect(commandText(personal('  health   acme  '))).toBe('health acme');
  });

  it('tells personal chats from channels and keys channels without the thread', () => {
    expect(kindOf(personal('x'))).toBe('personal');
    expect(conversationKey(personal('x'))).toBe(PERSONAL);
    const channel = inChannel('x');
    expect(kindOf(channel)).toBe('channel');
    expect(conversationKey(channel)).toBe(CHANNEL);
    expect(referenceFor(channel)).toMatchObject({ conversation: { id: CHANNEL }, bot: BOT });
    expect(referenceFor(channel)).not.toHaveProperty('activityId');
  });

  it('reads channel messages only when they mention the bot', () => {
    expect(addressesBot(inChannel('health acme'))).toBe(true);
    expect(addressesBot(inChannel('health acme', false))).toBe(false);
    expect(addressesBot(personal('health acme'))).toBe(true);
  });
});
