import { and, eq } from 'drizzle-orm';
import { chatBindings } from '../../db/schema.js';
import { actorIdentity } from '../../contracts/identity.js';
import type { Work } from '../../contracts/work.js';
import { actorOf, type ChatBinding, type Sender } from './identity.js';
import { orgError } from './errors.js';
import { requireManage } from './scope.js';
import type { Unit, UnitTree } from './units.js';

/** Binds a group chat to a unit; a chat belongs to one unit at a time. */
export function bindChat(
  work: Work,
  tree: UnitTree,
  actor: Sender,
  chat: { platform: string; chatId: string; chatName?: string; current: ChatBinding | null },
  unit: Unit,
): void {
  requireManage(actor, tree, unit);
  if (chat.current) {
    if (chat.current.unitId === unit.id) throw orgError('org.chat_already_bound', { unitName: unit.name });
    throw orgError('org.chat_bound_elsewhere', { unitName: tree.get(chat.current.unitId)?.name ?? null });
  }
  const by = actorOf(actor);
  work.write(
    work.db.insert(chatBindings).values({
      platform: chat.platform,
      chatId: chat.chatId,
      unitId: unit.id,
      chatName: chat.chatName ?? null,
      boundByMemberId: by.memberId,
      boundByIdentity: actorIdentity(by),
      boundAt: work.now.getTime(),
    }),
  );
  work.touchOrg();
}

/**
 * Unbinds the chat. Returns the id of the unit it was bound to and the unit itself, or undefined
 * when that unit no longer exists (then only an admin may unbind).
 */
export function unbindChat(
  work: Work,
  tree: UnitTree,
  actor: Sender,
  binding: ChatBinding | null,
): { unitId: string; unit: Unit | undefined } {
  if (!binding) throw orgError('org.chat_not_bound', {});
  const unit = tree.get(binding.unitId);
  if (unit) requireManage(actor, tree, unit);
  else if (actor.role !== 'admin') throw orgError('org.unbind_admin_only', {});
  const where = and(eq(chatBindings.platform, binding.platform), eq(chatBindings.chatId, binding.chatId));
  work.write(work.db.delete(chatBindings).where(where));
  work.touchOrg();
  return { unitId: binding.unitId, unit };
}
