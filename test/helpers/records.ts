import { Jimp } from 'jimp';
import type { MessageResult } from '../../src/contracts/message.js';
import type { TestCore } from './core.js';

/** A real JPEG (a gradient, so it does not compress to nothing) of the given size. */
export async function jpegBytes(width = 640, height = 480): Promise<Uint8Array> {
  const img = new Jimp({ width, height, color: 0xffffffff });
  const d = img.bitmap.data;
  for (let i = 0; i < d.length; i += 4) {
    const x = (i / 4) % width;
    d[i] = (x * 255) / width;
    d[i + 1] = ((i / 4 / width) * 255) / height;
    d[i + 2] = 128;
  }
  return new Uint8Array(await img.getBuffer('image/jpeg', { quality: 85 }));
}

/** A real PNG. */
export async function pngBytes(width = 64, height = 64): Promise<Uint8Array> {
  const img = new Jimp({ width, height, color: 0x3366ccff });
  return new Uint8Array(await img.getBuffer('image/png'));
}

/** Text bytes: what a renamed non-image ("photo.jpg" that is a text file) holds. */
export const textBytes = (text = '这不是照片，只是一段文字。\n'.repeat(20)): Uint8Array =>
  new TextEncoder().encode(text);

export interface PhotoInput {
  from: string;
  name?: string;
  chat?: string;
  chatType?: 'group' | 'direct';
  files: { bytes: Uint8Array; name?: string; kind?: 'image' | 'file' }[];
  text?: string;
  sentAt?: string;
  messageId?: string;
}

let seq = 0;

/** What a browser adds to the page's own requests (the playground refuses others). */
export const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };

/**
 * Sends files as the playground page does: each file's bytes to POST /playground/upload, then one
 * message naming them to POST /playground/send (the core fetches them through the playground).
 */
export async function sendFiles(t: TestCore, input: PhotoInput): Promise<MessageResult> {
  const attachments = [];
  for (const f of input.files) {
    const res = await t.app.request('/playground/upload', {
      method: 'POST',
      headers: SAME_ORIGIN,
      body: f.bytes as Uint8Array<ArrayBuffer>,
    });
    if (res.status !== 200) throw new Error(`upload: HTTP ${res.status} ${await res.text()}`);
    const { ref, size } = (await res.json()) as { ref: string; size: number };
    attachments.push({ kind: f.kind ?? 'image', ref, size, ...(f.name ? { name: f.name } : {}) });
  }
  const direct = input.chatType === 'direct' || !input.chat;
  const body = {
    platform: 'playground',
    chatId: direct ? input.from : input.chat,
    chatType: direct ? 'direct' : 'group',
    senderId: input.from,
    ...(input.name ? { senderName: input.name } : {}),
    messageId: input.messageId ?? `p-${++seq}-${Math.random().toString(36).slice(2)}`,
    text: input.text ?? '',
    attachments,
    ...(input.sentAt ? { sentAt: input.sentAt } : {}),
  };
  const res = await t.app.request('/playground/send', {
    method: 'POST',
    headers: { ...SAME_ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`send: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as MessageResult;
}

/** The replies' texts, joined. */
export const textOf = (r: MessageResult): string => r.replies.map((x) => x.text).join('\n');
