-- Organisation (issue 13): who bound a chat and who issued an invite, moved from the deprecated
-- "platform:userId" columns (chat_bindings.bound_by, invites.created_by) into the ActorRef pair
-- (src/contracts/identity.ts): `…_member_id` (the member behind the account, null for an
-- administrator from PIONEER_ADMINS without a record) and `…_identity` ("platform:userId").
-- Run once, after the schema migration that adds the new columns.
--
-- Note for whoever generates that migration: drizzle-kit (0.31) makes the old columns nullable by
-- rebuilding each table, and when the same generate also adds the new columns, its
-- INSERT … SELECT names them in the old table, which does not have them ("no such column:
-- bound_by_member_id" on libSQL). Generating in two steps (first the added columns with the old
-- ones still NOT NULL, then the nullability change) gives two migrations that apply.

-- chat_bindings: the identity is the old value as it was written.
UPDATE chat_bindings SET bound_by_identity = bound_by WHERE bound_by IS NOT NULL AND bound_by_identity IS NULL;

-- chat_bindings: the member behind that account, where there is one.
UPDATE chat_bindings
SET bound_by_member_id = (
  SELECT i.member_id FROM identities i WHERE i.platform || ':' || i.user_id = chat_bindings.bound_by
)
WHERE bound_by IS NOT NULL AND bound_by_member_id IS NULL;

-- invites: the identity is the old value as it was written.
UPDATE invites SET created_by_identity = created_by WHERE created_by IS NOT NULL AND created_by_identity IS NULL;

-- invites: the member behind that account, where there is one.
UPDATE invites
SET created_by_member_id = (
  SELECT i.member_id FROM identities i WHERE i.platform || ':' || i.user_id = invites.created_by
)
WHERE created_by IS NOT NULL AND created_by_member_id IS NULL;
