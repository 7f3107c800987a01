import { and, eq } from 'drizzle-orm';
import type { RobotChat } from '../../contracts/adapter.js';
import { actorIdentity } from '../../contracts/identity.js';
import type { Work } from '../../contracts/work.js';
import type { Db } from '../../contracts/store.js';
import { chatBindings, units } from '../../db/schema.js';
import { SealError, type Keyring } from '../crypto.js';
import { orgError } from './errors.js';
import { actorOf, loadBinding, type Sender } from './identity.js';
import { requireManage } from './scope.js';
import type { Unit, UnitTree } from './units.js';

// Send-only group robots (WeCom's 群机器人): chats the bot is not in, reached with a key. They are
// chat bindings like any other, so notices and reminders of the unit fan out to them unchanged;
// only the key is extra, sealed in the binding's row.

/** Additional authenticated data of a robot's sealed key: the key opens only in its own row. */
export function robotSecretAad(platform: string, chatId: string): string {
  return `robot:${platform}:${chatId}`;
}

/** What `绑定 <组织> 群机器人 <key>` binds: the chat id the platform derived and the key to seal. */
export interface RobotBinding {
  platform: string;
  chatId: string;
  chatName: string;
  secret: string;
}

/**
 * Binds a group robot to a unit, its key sealed with the data key. The officer must manage the
 * unit (as for 绑定 in a group); a robot bound already is refused like a bound chat.
 */
export async function bindRobot(
  work: Work,
  tree: UnitTree,
  actor: Sender,
  robot: RobotBinding,
  unit: Unit,
  ring: Keyring,
): Promise<void> {
  requireManage(actor, tree, unit);
  const current = await loadBinding(work.db, robot.platform, robot.chatId);
  if (current) {
    if (current.unitId === unit.id) throw orgError('org.chat_already_bound', { unitName: unit.name });
    throw orgError('org.chat_bound_elsewhere', { unitName: tree.get(current.unitId)?.name ?? null });
  }
  const by = actorOf(actor);
  const secretSealed = await ring.seal(robot.secret, robotSecretAad(robot.platform, robot.chatId));
  work.write(
    work.db.insert(chatBindings).values({
      platform: robot.platform,
      chatId: robot.chatId,
      unitId: unit.id,
      chatName: robot.chatName,
      boundByMemberId: by.memberId,
      boundByIdentity: actorIdentity(by),
      boundAt: work.now.getTime(),
      secretSealed,
    }),
  );
  work.touchOrg();
}

/** The key of a robot bound by command; undefined for other chats or a key that will not open (the caller logs). */
export async function robotSecret(
  db: Db,
  ring: Keyring | null,
  platform: string,
  chatId: string,
): Promise<string | undefined> {
  const rows = await db
    .select({ sealed: chatBindings.secretSealed })
    .from(chatBindings)
    .where(and(eq(chatBindings.platform, platform), eq(chatBindings.chatId, chatId)))
    .limit(1);
  const sealed = rows[0]?.sealed;
  if (!sealed || !ring) return undefined;
  try {
    return await ring.open(sealed, robotSecretAad(platform, chatId));
  } catch (err) {
    if (err instanceof SealError) return undefined;
    throw err;
  }
}

/**
 * Binds robots named in an adapter's configuration to their units by name; existing bindings
 * stay as they are (a restart binds nothing twice). Returns the unit names that do not exist.
 */
export async function bindConfiguredRobots(
  db: Db,
  platform: string,
  chats: readonly RobotChat[],
  now: Date,
): Promise<string[]> {
  const missing: string[] = [];
  for (const c of chats) {
    const unit = await db.select({ id: units.id }).from(units).where(eq(units.name, c.unitName)).limit(1);
    if (!unit[0]) {
      missing.push(c.unitName);
      continue;
    }
    await db
      .insert(chatBindings)
      .values({
        platform,
        chatId: c.chatId,
        unitId: unit[0].id,
        chatName: c.chatName,
        boundByMemberId: null,
        boundByIdentity: `${platform}:config`,
        boundAt: now.getTime(),
      })
      .onConflictDoNothing();
  }
  return missing;
}
