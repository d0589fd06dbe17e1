import { describe, expect, it } from 'vitest';
import { creatorKey, mayManage } from '../../src/domain/subscription-access';

const ann = { key: 'ann@x.com', email: 'ann@x.com' };

describe('who may change channel subscriptions', () => {
  it('lets everyone when no admins are configured', () => {
    expect(mayManage([], ann, ['bob@x.com'])).toBe(true);
  });

  it('with admins: creators may change their own, admins any, others none', () => {
    const admins = ['Boss@X.com'];
    expect(mayManage(admins, ann, ['ANN@x.com'])).toBe(true);
    expect(mayManage(admins, ann, ['ann@x.com', 'bob@x.com'])).toBe(false);
    expect(mayManage(admins, { key: 'boss@x.com', email: 'boss@x.com' }, ['bob@x.com'])).toBe(true);
    expect(mayManage(admins, { key: 'slack:U1', email: null }, ['slack:U1'])).toBe(true);
    expect(mayManage(admins, { key: 'slack:U1', email: null }, ['bob@x.com'])).toBe(false);
  });

  it('keys a creator by e-mail, else by platform user id', () => {
    expect(creatorKey('slack', { id: 'U1', email: 'a@b.c' })).toBe('a@b.c');
    expect(creatorKey('teams', { id: '29:x', email: null })).toBe('teams:29:x');
  });
});
