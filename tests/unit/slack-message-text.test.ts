import { describe, expect, it } from 'vitest';
import { slackMessageText } from '../../src/chat/slack/message-text';

describe('slackMessageText', () => {
  it('drops the mention, unwraps links and e-mails, then unescapes', () => {
    expect(slackMessageText('<@UTENDBOT> accounts owned by <mailto:jane@x.com|jane@x.com>')).toBe(
      'accounts owned by jane@x.com',
    );
    expect(slackMessageText('<@UTENDBOT|tend>  is <https://acme.com|acme.com> ok')).toBe(
      'is acme.com ok',
    );
    // A typed "<@U1>" arrives escaped: it stays text, it is not a mention.
    expect(slackMessageText('&lt;@U1&gt; arr &gt; 100k &amp; red')).toBe('<@U1> arr > 100k & red');
  });
});
