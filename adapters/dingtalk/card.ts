import type { Confirmations, NoticeView } from '../../src/contracts/adapter.js';
import { DeliveryError } from '../../src/contracts/errors.js';
import type { Mention } from '../../src/contracts/message.js';
import type { DingTalkApi } from './api.js';
import { DINGTALK_TEXT_MAX_CHARS, DINGTALK_TRACK_ID_MAX_CHARS } from './constants.js';
import type { CardCallback } from './payloads.js';
import { trackId } from './sign.js';

/**
 * Notices as cards of the 卡片平台 (a template the organisation creates once, DINGTALK_CARD_TEMPLATE_ID):
 * the template shows the variables `title`, `content` (markdown) and `status`, and has a 收到
 * button whose action is a callback (回传请求). The card's outTrackId starts with the notice id,
 * so a press names its notice whatever the template passes back.
 */

const TRACK_PREFIX = 'pn';

/** The outTrackId of a notice's card in one chat: `pn<notice id>-<key>`, stable per (notice, chat). */
export function noticeTrackId(noticeId: number, key: string): string {
  const head = `${TRACK_PREFIX}${noticeId}-`;
  return head + trackId(key, DINGTALK_TRACK_ID_MAX_CHARS - head.length);
}

/** The notice a pressed card belongs to, or null for a card that is not a notice's. */
export function pressedNotice(cb: CardCallback): number | null {
  const m = /^pn(\d{1,15})-/.exec(cb.outTrackId);
  if (m) return Number(m[1]);
  const fromParams = cb.value.cardPrivateData.params?.noticeId;
  const n = typeof fromParams === 'string' || typeof fromParams === 'number' ? Number(fromParams) : NaN;
  return Number.isInteger(n) && n > 0 ? n : null;
}

export const cardStatus = (c: Confirmations | null | undefined): string =>
  c ? `已确认 ${c.confirmed} / ${c.total} 人` : '请点击「收到」确认已读';

function params(v: { noticeId: number; title: string | null; text: string; confirmations?: Confirmations | null }) {
  const text = v.text.length > DINGTALK_TEXT_MAX_CHARS ? `${v.text.slice(0, DINGTALK_TEXT_MAX_CHARS)}…` : v.text;
  return {
    title: v.title?.trim() || `通知 #${v.noticeId}`,
    content: text.split('\n').join('  \n'),
    status: cardStatus(v.confirmations),
    noticeId: String(v.noticeId),
  };
}

export interface CardTarget {
  chatId: string;
  direct: boolean;
}

/** A second create with the same outTrackId: the card went out before (a retry after a crash). */
const ALREADY = /exist|duplicat|already/i;

/**
 * `POST /v1.0/card/instances/createAndDeliver`: creates the card and puts it in the group (or the
 * person's chat with the robot), with the people to @ and button callbacks over Stream.
 */
export async function deliverCard(
  api: DingTalkApi,
  o: { templateId: string; robotCode: string; outTrackId: string; to: CardTarget; mentions: readonly Mention[] },
  v: { noticeId: number; title: string | null; text: string },
): Promise<void> {
  const group = !o.to.direct;
  const atUserIds = Object.fromEntries(o.mentions.map((m) => [m.id, m.name || m.id]));
  try {
    const res = await api.call<{ result?: { deliverResults?: { success?: boolean; errorMsg?: string }[] } }>(
      'POST',
      '/v1.0/card/instances/createAndDeliver',
      {
        cardTemplateId: o.templateId,
        outTrackId: o.outTrackId,
        callbackType: 'STREAM',
        userIdType: 1,
        cardData: { cardParamMap: params(v) },
        openSpaceId: group ? `dtv1.card//IM_GROUP.${o.to.chatId}` : `dtv1.card//IM_ROBOT.${o.to.chatId}`,
        ...(group
          ? {
              imGroupOpenSpaceModel: { supportForward: false },
              imGroupOpenDeliverModel: { robotCode: o.robotCode, ...(o.mentions.length ? { atUserIds } : {}) },
            }
          : {
              imRobotOpenSpaceModel: { supportForward: false },
              imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT', robotCode: o.robotCode },
            }),
      },
    );
    const failed = res.result?.deliverResults?.find((r) => r.success === false);
    if (failed) throw new DeliveryError(`dingtalk card not delivered: ${failed.errorMsg ?? ''}`.trim());
  } catch (err) {
    if (err instanceof DeliveryError && err.opts.status && err.opts.status < 500 && ALREADY.test(err.message)) return;
    throw err;
  }
}

/** `PUT /v1.0/card/instances`: the card everyone sees shows the notice as it stands (its count). */
export async function updateCard(api: DingTalkApi, outTrackId: string, view: NoticeView): Promise<void> {
  await api.call('PUT', '/v1.0/card/instances', {
    outTrackId,
    cardData: { cardParamMap: params({ noticeId: view.id, ...view }) },
    cardUpdateOptions: { updateCardDataByKey: true },
  });
}
