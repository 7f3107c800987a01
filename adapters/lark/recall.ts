import type * as lark from '@larksuiteoapi/node-sdk';
import type { Outbound } from '../../src/contracts/adapter.js';
import { DeliveryError } from '../../src/contracts/errors.js';
import { codeError, toDeliveryError } from './errors.js';

/** The card a notice becomes where Feishu refuses to delete it: 「已撤回」 and no 收到 button. */
export function withdrawnCard(text: string): Record<string, unknown> {
  return {
    config: { wide_screen_mode: true, update_multi: true },
    header: { template: 'grey', title: { tag: 'plain_text', content: '已撤回' } },
    elements: [{ tag: 'div', text: { tag: 'plain_text', content: text } }],
  };
}

/**
 * 撤回通知 of one delivered message: `DELETE /open-apis/im/v1/messages/:id` (the bot's own
 * message). Where Feishu refuses (too old for the tenant's recall window, already gone), a card is
 * patched to 「已撤回」 instead; a text message cannot be patched, and the refusal stands.
 */
export async function larkRecall(client: lark.Client, m: Outbound): Promise<void> {
  const id = m.recall?.platformMessageId;
  if (!id) throw new DeliveryError('lark: recall without a message id', { permanent: true });
  let code: number | undefined;
  let msg: string | undefined;
  try {
    const res = await client.im.message.delete({ path: { message_id: id } });
    if (res.code === undefined || res.code === 0) return;
    ({ code, msg } = res);
  } catch (err) {
    const e = toDeliveryError(err);
    if (!e.opts.permanent) throw e;
    code = -1;
    msg = e.message;
  }
  if (m.notice && m.text) {
    const content = JSON.stringify(withdrawnCard(m.text));
    try {
      const res = await client.im.message.patch({ path: { message_id: id }, data: { content } });
      if (res.code === undefined || res.code === 0) return;
    } catch (err) {
      throw toDeliveryError(err);
    }
  }
  throw codeError(code ?? -1, msg);
}
