import type * as lark from '@larksuiteoapi/node-sdk';
import { FileTooLargeError, type AttachmentSource } from '../../src/contracts/files.js';
import { MAX_ATTACHMENTS, type Attachment } from '../../src/contracts/message.js';

// Images and files of received messages. Their content names a key (`image_key`, `file_key`); the
// bytes come from the message resource API, GET /open-apis/im/v1/messages/:message_id/resources/
// :file_key?type=image|file (scope im:message or im:message:readonly; the bot must be in the chat;
// at most 100 MB). The SDK's messageResource.get hands back a Node stream, which Workers do not
// have, so the request goes through client.request as an ArrayBuffer with axios' own size cap.

type Json = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** `ref` of an attachment: the resource type and key, as the resource API takes them. */
const refOf = (type: 'image' | 'file', key: string): string => `${type}:${key}`;

/** Images of a post (rich text): every `img` element, in order. */
function postImages(post: Json): Attachment[] {
  const bodies = Array.isArray(post.content)
    ? [post]
    : Object.values(post).filter(
        (v): v is Json => v !== null && typeof v === 'object' && Array.isArray((v as Json).content),
      );
  const out: Attachment[] = [];
  for (const body of bodies.slice(0, 1)) {
    for (const para of body.content as unknown[]) {
      if (!Array.isArray(para)) continue;
      for (const el of para as Json[]) {
        const key = el && el.tag === 'img' ? str(el.image_key) : '';
        if (key) out.push({ kind: 'image', ref: refOf('image', key) });
      }
    }
  }
  return out;
}

/** The attachments of an image, file or post message (none for other types or a bad content). */
export function messageAttachments(messageType: string, content: string): Attachment[] {
  let json: Json;
  try {
    const v: unknown = JSON.parse(content);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return [];
    json = v as Json;
  } catch {
    return [];
  }
  if (messageType === 'image' && str(json.image_key))
    return [{ kind: 'image', ref: refOf('image', str(json.image_key)) }];
  if (messageType === 'file' && str(json.file_key)) {
    const name = str(json.file_name).slice(0, 256);
    return [{ kind: 'file', ref: refOf('file', str(json.file_key)), ...(name ? { name } : {}) }];
  }
  if (messageType === 'post') return postImages(json).slice(0, MAX_ATTACHMENTS);
  return [];
}

/** Fetches the attachments of one received message through the resource API. */
export function messageResources(client: lark.Client, messageId: string): AttachmentSource {
  return {
    async fetch(file, maxBytes) {
      const m = /^(image|file):([A-Za-z0-9_-]{1,256})$/.exec(file.ref);
      if (!m) throw new Error('not a Feishu resource ref');
      const [, type, key] = m;
      let data: unknown;
      try {
        data = await client.request({
          url: `/open-apis/im/v1/messages/${encodeURIComponent(messageId)}/resources/${key}`,
          method: 'GET',
          params: { type },
          responseType: 'arraybuffer',
          maxContentLength: maxBytes,
        } as Parameters<lark.Client['request']>[0]);
      } catch (err) {
        if (/maxContentLength/i.test(String((err as Error)?.message))) throw new FileTooLargeError(maxBytes);
        throw err;
      }
      if (data instanceof ArrayBuffer) return { bytes: new Uint8Array(data) };
      if (ArrayBuffer.isView(data)) return { bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
      throw new Error('Feishu resource API answered without bytes');
    },
  };
}
