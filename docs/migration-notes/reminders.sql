-- reminder_settings: who last changed a unit's 提醒设置, from the one column updated_by (a member
-- id, or "platform:userId" for an administrator without a member record) to the ActorRef columns
-- updated_by_member_id and updated_by_identity. Run after the migration that adds the two columns.
-- Member ids are 16 hex characters (newId in src/contracts/work.ts), so a ':' means an identity.

-- An administrator without a member record: the identity as it was, no member.
UPDATE reminder_settings
SET updated_by_identity = updated_by, updated_by_member_id = NULL
WHERE updated_by LIKE '%:%' AND updated_by_identity IS NULL;

-- A member: the member id as it was.
UPDATE reminder_settings
SET updated_by_member_id = updated_by
WHERE updated_by NOT LIKE '%:%' AND updated_by <> '' AND updated_by_member_id IS NULL;

-- The member's account, which the old column did not keep: their earliest identity (the one they
-- joined with). Left NULL for a member with no identity left.
UPDATE reminder_settings
SET updated_by_identity = (
  SELECT i.platform || ':' || i.user_id FROM identities i
  WHERE i.member_id = reminder_settings.updated_by_member_id
  ORDER BY i.created_at, i.platform, i.user_id LIMIT 1
)
WHERE updated_by_member_id IS NOT NULL AND updated_by_identity IS NULL;

-- updated_by is no longer read; new rows get '' (it stays NOT NULL until a later migration drops it).
