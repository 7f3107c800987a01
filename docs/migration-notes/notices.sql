-- Notices adopt the ActorRef columns (src/contracts/identity.ts): `…_member_id` and `…_identity`.
-- Run once after the migration that adds them. Rows written since then already have
-- created_by_identity / by_identity, so `IS NULL` picks exactly the older rows and a second run
-- changes nothing.

-- notices: the sender's member id moves from created_by_member to created_by_member_id
-- (null stays null: an administrator without a member record).
UPDATE notices SET created_by_member_id = created_by_member WHERE created_by_identity IS NULL;

-- notices: the sender's "platform:userId" moves from created_by to created_by_identity.
UPDATE notices SET created_by_identity = created_by WHERE created_by_identity IS NULL;

-- notice_chases: the chasing officer's member id, which was never stored, is found from the
-- account in `by` (null when that account has no member record, as for configured admins).
UPDATE notice_chases
SET by_member_id = (
  SELECT i.member_id FROM identities i WHERE i.platform || ':' || i.user_id = notice_chases."by"
)
WHERE by_identity IS NULL;

-- notice_chases: the chasing officer's "platform:userId" moves from by to by_identity.
UPDATE notice_chases SET by_identity = "by" WHERE by_identity IS NULL;
