import { types } from 'wechaty';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import type { FileBox } from 'file-box';
import type { HandledEvent } from '../../adapters/wechaty/index.js';

/** People and rooms of a mock WeChat account. Room ids must contain '@' for the mock to route sends. */
export interface WorldSpec {
  bot: { id: string; name: string };
  /** `type` 2 is an official account (公众号). */
  people: { id: string; name: string; type?: number }[];
  rooms: { id: string; topic: string; members: string[] }[];
}

/** One message the bot sent, as the mock saw it. */
export interface Sent {
  id: string;
  roomId?: string;
  /** The person, for a direct message. */
  to?: string;
  text: string;
  at: number;
}

/** Default world: the bot, an administrator, two members, one room with all of them. */
export const WORLD: WorldSpec = {
  bot: { id: 'wxid_bot', name: '先锋助手' },
  people: [
    { id: 'wxid_admin', name: '王书记' },
    { id: 'wxid_zhang', name: '张三' },
    { id: 'wxid_li', name: '李四' },
  ],
  rooms: [{ id: 'r1@chatroom', topic: '第一支部群', members: ['wxid_bot', 'wxid_admin', 'wxid_zhang', 'wxid_li'] }],
};

type Waiter<T> = { test: (v: T) => boolean; resolve: (v: T) => void };

/** Resolves when `test` holds for an item already in `items` or pushed later (see `push`). */
export class Watch<T> {
  readonly items: T[] = [];
  private waiters: Waiter<T>[] = [];

  push(v: T): void {
    this.items.push(v);
    for (const w of this.waiters.filter((x) => x.test(v))) {
      this.waiters = this.waiters.filter((x) => x !== w);
      w.resolve(v);
    }
  }

  wait(test: (v: T) => boolean, what: string, timeoutMs: number): Promise<T> {
    const hit = this.items.find(test);
    if (hit) return Promise.resolve(hit);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x.resolve !== done);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      const done = (v: T) => {
        clearTimeout(timer);
        resolve(v);
      };
      this.waiters.push({ test, resolve: done });
    });
  }
}

/** A mock WeChat account driven by wechaty-puppet-mock, observing every message the bot sends. */
export class MockWorld {
  readonly mocker = new mock.Mocker();
  readonly puppet = new PuppetMock({ mocker: this.mocker });
  readonly sent = new Watch<Sent>();
  readonly handled = new Watch<HandledEvent>();
  /** Called with every message the bot sends, as it is sent. */
  onSent?: (s: Sent) => void;
  readonly botContact: ReturnType<mock.Mocker['createContact']>;
  private readonly people = new Map<string, ReturnType<mock.Mocker['createContact']>>();
  private readonly rooms = new Map<string, ReturnType<mock.Mocker['createRoom']>>();

  constructor(readonly spec: WorldSpec = WORLD) {
    this.botContact = this.mocker.createContact(spec.bot);
    for (const p of spec.people) this.people.set(p.id, this.mocker.createContact(p));
    for (const r of spec.rooms)
      this.rooms.set(r.id, this.mocker.createRoom({ id: r.id, topic: r.topic, memberIdList: r.members }));
    // The mock emits the bot's own sends as messages, synchronously inside the send.
    this.puppet.on('message', ({ messageId }) => {
      const p = this.mocker.messagePayload(messageId) as {
        talkerId?: string;
        roomId?: string;
        listenerId?: string;
        text?: string;
        timestamp: number;
      };
      if (p.talkerId !== spec.bot.id) return;
      const sent: Sent = {
        id: messageId,
        roomId: p.roomId || undefined,
        to: p.listenerId || undefined,
        text: p.text ?? '',
        at: Date.now(),
      };
      this.sent.push(sent);
      this.onSent?.(sent);
    });
  }

  login(): void {
    this.mocker.login(this.botContact);
  }

  /**
   * `from` says `text` in `room` (or to the bot directly), mentioning `mentions` (ids; the bot's too).
   * Returns the message id.
   */
  say(from: string, text: string, opts: { room?: string; mentions?: string[] } = {}): string {
    const who = this.person(from);
    const mentions = (opts.mentions ?? []).map((id) => (id === this.spec.bot.id ? this.botContact : this.person(id)));
    const before = this.mocker.cacheMessagePayload.size;
    who.say(text, mentions).to(opts.room ? this.room(opts.room) : this.botContact);
    const ids = [...this.mocker.cacheMessagePayload.keys()];
    if (ids.length !== before + 1) throw new Error('mock did not record exactly one message');
    return ids.at(-1)!;
  }

  /**
   * `from` sends a file in `room` (or to the bot directly) the way WeChat does: the mock makes it an
   * image message for a JPEG or PNG, a file message for a PDF, and serves its bytes to toFileBox().
   */
  sendFile(from: string, box: FileBox, opts: { room?: string } = {}): string {
    const before = this.mocker.cacheMessagePayload.size;
    this.person(from)
      .say(box)
      .to(opts.room ? this.room(opts.room) : this.botContact);
    const ids = [...this.mocker.cacheMessagePayload.keys()];
    if (ids.length !== before + 1) throw new Error('mock did not record exactly one message');
    return ids.at(-1)!;
  }

  /** `from` sends a non-text message (an image) in `room`. */
  sendImage(from: string, room: string): string {
    return this.emit({ talkerId: from, roomId: room, type: types.Message.Image });
  }

  /** Delivers a message with a payload of our choosing (old timestamps, other types) to the bot. */
  emit(p: { talkerId: string; roomId?: string; text?: string; type?: number; timestamp?: number }): string {
    const id = `raw-${Math.random().toString(36).slice(2)}`;
    const where = p.roomId ? { roomId: p.roomId, mentionIdList: [] } : { listenerId: this.spec.bot.id };
    this.mocker.MessageMock.create({ id, timestamp: Date.now(), type: types.Message.Text, ...where, ...p } as never);
    this.puppet.emit('message', { messageId: id });
    return id;
  }

  /** What the adapter did with one message (it reports through onHandled). */
  waitHandled(messageId: string, timeoutMs = 20_000): Promise<HandledEvent> {
    return this.handled.wait((e) => e.messageId === messageId, `message ${messageId} to be handled`, timeoutMs);
  }

  waitSent(test: (s: Sent) => boolean, what: string, timeoutMs = 20_000): Promise<Sent> {
    return this.sent.wait(test, what, timeoutMs);
  }

  private person(id: string) {
    const p = this.people.get(id);
    if (!p) throw new Error(`no person ${id} in the mock world`);
    return p;
  }

  private room(id: string) {
    const r = this.rooms.get(id);
    if (!r) throw new Error(`no room ${id} in the mock world`);
    return r;
  }
}
