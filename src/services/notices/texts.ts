// What a notice and its chase say in the chats they are sent to. The services build the outbox
// rows without a command's reply to hang the words on, so they take an implementation of this
// (commands/notices/texts.ts) from the command that calls them.

/** A notice's deadline (截止) and the zone to show it in. */
export interface Due {
  at: number;
  timeZone: string;
}

/** The chat text of the messages the notices feature sends. */
export interface NoticeTexts {
  /** A notice as delivered (the Lark card renders the payload instead). */
  notice(n: { id: number; body: string; issuingUnitName: string; senderName: string; deadline?: Due }): string;
  /**
   * A 催办 in one chat: `pending` still unconfirmed there, of whom `mentioned` are @-mentioned and
   * `named` (no account on the chat's platform) are listed by name.
   */
  chase(c: {
    id: number;
    title: string | null;
    pending: number;
    mentioned: number;
    named: readonly string[];
    /** Set for the automatic reminder before the notice's deadline. */
    due?: Due;
  }): string;
  /** A follow-up message of a 催办 whose names did not fit in one message: part `part` (2, 3, …) of them. */
  chaseMore(c: { id: number; part: number; named: readonly string[] }): string;
  /** A 催办 by direct message (step 2), also the text of an escalation where the platform sends one (DING). */
  chaseDirect(c: { id: number; title: string | null; unitName: string; body: string }): string;
  /** 「通知 #N 已撤回」: posted where a delivered notice cannot be recalled, shown on a card that could not be deleted. */
  withdrawn(n: { id: number; title: string | null }): string;
}
