import { describe, expect, it } from 'vitest';
import { messageText, postText } from '../../../adapters/lark/content.js';
import { mapMentions, toIncoming, type BotSelf } from '../../../adapters/lark/inbound.js';
import { envelopeSchema } from '../../../adapters/lark/payloads.js';
import { APP_ID, messageEvent } from '../../helpers/lark-events.js';

const self: BotSelf = { appId: APP_ID, openId: 'ou_bot', names: ['先锋助手'] };
const env = (m: Parameters<typeof messageEvent>[0]) => envelopeSchema.parse(messageEvent(m));

describe('toIncoming', () => {
  it('turns a group text message into an IncomingMessage: bot mention removed, people mapped', () => {
    const msg = toIncoming(
      env({
        from: 'ou_sec',
        chat: 'oc_g1',
        messageId: 'om_1',
        text: '@_user_1 任命 @_user_2 委员',
        mentions: [
          { openId: 'ou_bot', name: '先锋助手' },
          { openId: 'ou_u1', name: '张三' },
        ],
      }),
      self,
    );
    expect(msg).toEqual({
      platform: 'lark',
      chatId: 'oc_g1',
      chatType: 'group',
      senderId: 'ou_sec',
      messageId: 'om_1',
      text: '任命 @张三 委员',
      mentions: [{ id: 'ou_u1', name: '张三' }],
      mentionsBot: true,
      sentAt: '2026-12-01T02:00:00.000Z',
    });
  });

  it('a p2p message is a direct chat', () => {
    const msg = toIncoming(env({ from: 'ou_u1', text: '我的' }), self);
    expect(msg).toMatchObject({
      chatType: 'direct',
      chatId: 'oc_p2p_ou_u1',
      senderId: 'ou_u1',
      text: '我的',
      mentionsBot: false,
    });
  });

  it('reads the text of a post, mentions included', () => {
    const post = {
      title: '',
      content: [
        [
          { tag: 'at', user_id: '@_user_1', user_name: '先锋助手' },
          { tag: 'text', text: ' 代签 ' },
          { tag: 'at', user_id: '@_user_2', user_name: '李四' },
        ],
        [
          { tag: 'img', image_key: 'img_x' },
          { tag: 'text', text: '谢谢' },
          { tag: 'a', text: '链接', href: 'https://x' },
        ],
      ],
    };
    const msg = toIncoming(
      env({
        from: 'ou_sec',
        chat: 'oc_g1',
        post,
        mentions: [
          { openId: 'ou_bot', name: '先锋助手' },
          { openId: 'ou_u2', name: '李四' },
        ],
      }),
      self,
    );
    expect(msg?.text).toBe('代签 @李四\n谢谢链接');
    expect(msg?.mentions).toEqual([{ id: 'ou_u2', name: '李四' }]);
    expect(msg?.mentionsBot).toBe(true);
  });

  it('reads images, files and the pictures of a post as attachments, by their keys', () => {
    const image = toIncoming(env({ from: 'ou_u1', messageType: 'image', post: { image_key: 'img_v2_a' } }), self);
    expect(image).toMatchObject({ text: '', attachments: [{ kind: 'image', ref: 'image:img_v2_a' }] });
    const file = toIncoming(
      env({ from: 'ou_u1', messageType: 'file', post: { file_key: 'file_v2_b', file_name: '签到表.pdf' } }),
      self,
    );
    expect(file?.attachments).toEqual([{ kind: 'file', ref: 'file:file_v2_b', name: '签到表.pdf' }]);
    const post = {
      title: '',
      content: [
        [
          { tag: 'text', text: '会场' },
          { tag: 'img', image_key: 'img_v2_c' },
        ],
      ],
    };
    expect(toIncoming(env({ from: 'ou_u1', post }), self)).toMatchObject({
      text: '会场',
      attachments: [{ kind: 'image', ref: 'image:img_v2_c' }],
    });
    expect(toIncoming(env({ from: 'ou_u1', messageType: 'audio', post: { file_key: 'x' } }), self)).toBeNull();
  });

  it('ignores what the bot does not read', () => {
    expect(toIncoming(env({ from: 'ou_u1', text: 'x', messageType: 'image' }), self)).toBeNull();
    expect(toIncoming(env({ from: 'ou_u1', text: 'x', senderType: 'app' }), self)).toBeNull();
    expect(toIncoming(env({ from: 'ou_bot', chat: 'oc_g1', text: 'echo' }), self)).toBeNull();
    const other = envelopeSchema.parse({
      ...messageEvent({ from: 'ou_u1', text: 'x' }),
      header: { event_id: 'e', event_type: 'im.chat.updated_v1' },
    });
    expect(toIncoming(other, self)).toBeNull();
    const broken = envelopeSchema.parse({
      schema: '2.0',
      header: { event_id: 'e', event_type: 'im.message.receive_v1' },
      event: { message: 1 },
    });
    expect(toIncoming(broken, self)).toBeNull();
  });
});

describe('mapMentions', () => {
  it('spots the bot by name while its open_id is unknown, and keeps @_all as text', () => {
    const out = mapMentions('@_user_1 @_all 开会', [{ key: '@_user_1', id: { open_id: 'ou_x' }, name: '先锋助手' }], {
      appId: APP_ID,
      names: ['先锋助手'],
    });
    expect(out).toEqual({ text: '@所有人 开会', mentions: [], mentionsBot: true });
  });

  it('does not confuse @_user_1 with @_user_10', () => {
    const mentions = Array.from({ length: 10 }, (_, i) => ({
      key: `@_user_${i + 1}`,
      id: { open_id: `ou_${i + 1}` },
      name: `人${i + 1}`,
    }));
    expect(mapMentions('@_user_10 @_user_1', mentions, self).text).toBe('@人10 @人1');
  });
});

describe('message content', () => {
  it('unwraps a locale-wrapped post and skips unknown types', () => {
    expect(postText({ zh_cn: { title: '标题', content: [[{ tag: 'text', text: '正文' }]] } })).toBe('标题\n正文');
    expect(messageText('text', '{"text":"签到"}')).toBe('签到');
    expect(messageText('text', 'not json')).toBeNull();
    expect(messageText('sticker', '{}')).toBeNull();
  });
});
