import { z } from 'zod';
import { choice, failureText, optional, rest, withDefault, word, type AnyArg } from '../../src/command/args.js';
import type { CommandDef } from '../../src/command/define.js';
import { usageLine } from '../../src/command/dispatch.js';
import { CommandError } from '../../src/command/errors.js';
import { MAX_MEMBER_NAME_CHARS } from '../../src/services/org/members.js';
import { MAX_UNIT_NAME_CHARS } from '../../src/services/org/unit-admin.js';
import {
  BAD_INVITE_CODE,
  BAD_MEMBER_NAME,
  DEFAULT_INVITE_TITLE,
  memberNameTooLong,
  nameTooLong,
  TITLES,
} from './texts.js';

// The argument types of the organisation commands.

const UNIT_NAME = z.string().min(1).max(MAX_UNIT_NAME_CHARS, nameTooLong(MAX_UNIT_NAME_CHARS));

/** A unit name, one word. */
export const unitName = <K extends string>(key: K, label: string) => word(key, label, UNIT_NAME);

/** A unit name made of every remaining word (绑定 第一 支部 → "第一 支部"). */
export const unitNameRest = <K extends string>(key: K, label: string) => rest(key, label, UNIT_NAME);

/** Longest text after 绑定: a unit name, 群机器人 and a whole webhook URL pasted in a direct chat. */
const BIND_TEXT_MAX_CHARS = 300;

/**
 * Everything after 绑定: a unit name in a group, `<组织> 群机器人 <key>` in a direct chat. The
 * unit name is checked by `checkUnitName` once the form is known.
 */
export const bindTextArg = <K extends string>(key: K, label: string) =>
  rest(key, label, z.string().min(1).max(BIND_TEXT_MAX_CHARS, nameTooLong(BIND_TEXT_MAX_CHARS)));

/**
 * An optional unit name, one word. The engine skips an optional word its schema refuses and hands
 * the word to the next argument; an over-long name must be refused instead, as these commands
 * always did, so this argument takes any word and `checkUnitName` refuses after binding.
 */
export const optionalUnitName = <K extends string>(key: K, label: string) => optional(word(key, label));

/** Refuses an over-long name bound by `optionalUnitName`, with the words and usage the engine uses. */
export function checkUnitName(def: CommandDef, arg: AnyArg, value: string | undefined): void {
  if (value === undefined) return;
  const r = UNIT_NAME.safeParse(value);
  if (r.success) return;
  const message = r.error.issues[0]?.message ?? '';
  throw new CommandError(failureText({ arg, given: value, message }), usageLine(def));
}

/** A title word (书记, 预备党员, …), looked up in a Map. */
export const titleArg = <K extends string>(key: K) => choice(key, '角色', TITLES);

/** A title word, 党员 when absent. */
export const inviteTitleArg = <K extends string>(key: K) => withDefault(titleArg(key), DEFAULT_INVITE_TITLE);

/** An invite code as typed (any case; the service upper-cases it). */
const INVITE_CODE = z.string().regex(/^[A-Za-z0-9]{4,16}$/, BAD_INVITE_CODE);
export const inviteCodeArg = <K extends string>(key: K) => word(key, '邀请码', INVITE_CODE);

/** A member's name: the rest of the message. */
export const memberNameArg = <K extends string>(key: K) =>
  rest(
    key,
    '姓名',
    z
      .string()
      .min(1)
      .max(MAX_MEMBER_NAME_CHARS, memberNameTooLong(MAX_MEMBER_NAME_CHARS))
      .refine((n) => !/[@<>]/.test(n), BAD_MEMBER_NAME),
  );
