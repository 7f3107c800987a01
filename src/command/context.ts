import { placeholders, preparedWrite } from '../db/prepared.js';
import { auditLog } from '../db/schema.js';
import type { CoreDeps } from '../contracts/deps.js';
import type { AttachmentSource } from '../contracts/files.js';
import type { IncomingMessage, Mention, Reply, SensitiveKind } from '../contracts/message.js';
import type { ChatBinding, Sender } from '../services/org/identity.js';
import type { OrgCache } from '../services/org/cache.js';
import type { WarningsMemo } from '../services/meetings/warnings.js';
import type { UnitTree } from '../services/org/units.js';
import type { Work } from '../contracts/work.js';
import type { Registry } from './define.js';
import type { ParsedCommand } from './parse.js';

/** What commands run with: the core's dependencies, the registry, and the organisation cache. */
export interface CommandDeps extends CoreDeps {
  registry: Registry;
  /** Senders, chat bindings and the unit tree, cached per instance. */
  cache: OrgCache;
  /** Large units' absence warnings, kept per branch for minutes (本季度 of a 区委). */
  warnings?: WarningsMemo;
}

type AuditRow = Required<Omit<typeof auditLog.$inferInsert, 'id'>>;
const AUDIT_KEYS = [
  'at',
  'actorMemberId',
  'actor',
  'action',
  'unitId',
  'platform',
  'chatId',
  'target',
  'detail',
] as const satisfies readonly (keyof AuditRow)[];
/** The audit insert, built once per database (commands audit on many messages). */
const insertAudit = preparedWrite<AuditRow>((db) => db.insert(auditLog).values(placeholders(AUDIT_KEYS)));

export interface AuditInfo {
  unitId?: string | null;
  target?: string;
  detail?: unknown;
}

/** Everything a command's `run` may use; replies and writes are collected, not sent. */
export class CommandContext {
  readonly replies: Reply[] = [];

  constructor(
    readonly deps: CommandDeps,
    readonly msg: IncomingMessage,
    readonly command: ParsedCommand,
    readonly sender: Sender,
    readonly binding: ChatBinding | null,
    readonly work: Work,
    /** Fetches the message's attachments through the adapter that received it (none: it cannot). */
    readonly files?: AttachmentSource,
  ) {}

  get now(): Date {
    return this.work.now;
  }

  get db() {
    return this.work.db;
  }

  /** The unit tree (cached; cleared when this process changes the organisation). */
  tree(): Promise<UnitTree> {
    return this.deps.cache.tree(this.work.db);
  }

  /** Answers in the chat the command came from. */
  reply(text: string, mentions: Mention[] = []): void {
    this.replies.push({ chatId: this.msg.chatId, text, mentions });
  }

  /** Answers the sender in a direct chat (for what must not be shown in a group). */
  replyDirect(text: string): void {
    if (this.msg.chatType === 'direct') this.reply(text);
    else this.replies.push({ chatId: this.msg.senderId, direct: true, text, mentions: [] });
  }

  /**
   * Answers the sender privately with what must never be stored (household data, an export link,
   * a file, a code that grants power: `kind`): never in a group, and never stored with the
   * message's answer (a repeat of the message gets a short note of that kind instead).
   */
  replySensitive(text: string, kind: SensitiveKind): void {
    const direct = this.msg.chatType === 'direct';
    this.replies.push({
      chatId: direct ? this.msg.chatId : this.msg.senderId,
      ...(direct ? {} : { direct: true }),
      text,
      mentions: [],
      sensitive: kind,
    });
  }

  /** Appends to the audit log, committed with the rest of the command's writes. */
  audit(action: string, info: AuditInfo = {}): void {
    this.work.write(
      insertAudit(this.db, {
        at: this.now.getTime(),
        actorMemberId: this.sender.member?.id ?? null,
        actor: `${this.msg.platform}:${this.msg.senderId}`,
        action,
        unitId: info.unitId ?? null,
        platform: this.msg.platform,
        chatId: this.msg.chatId,
        target: info.target ?? null,
        detail: info.detail === undefined ? null : JSON.stringify(info.detail),
      }),
    );
  }
}
