-- Meetings: actor columns move to the ActorRef convention (src/contracts/identity.ts):
-- `…_member_id` (null for an administrator without a member record) and `…_identity`
-- ("platform:userId"). Run after the migration that adds the new columns; the old columns
-- (meetings.created_by, meeting_series.created_by, makeup_requests.decided_by) stay, unused;
-- the two created_by columns lose NOT NULL so that nothing has to write them.
--
-- drizzle-kit 0.31 (tried locally) rebuilds meetings and meeting_series for the NOT NULL change
-- and, when the new columns come in the same migration, copies them FROM the old table, which
-- has none ("no such column: created_by_member_id"). Generating in two passes works: first with
-- created_by still .notNull() (adds the columns), then with the schema as committed (rebuild).

-- meetings.created_by held "platform:userId" of the officer who scheduled it, or 'repeat' for an
-- occurrence a monthly series made; such occurrences keep both new columns null (series_id says).
UPDATE meetings
SET created_by_identity = created_by
WHERE created_by IS NOT NULL AND created_by <> 'repeat' AND created_by_identity IS NULL;

-- The member behind that account, when there is one (config administrators may have none).
UPDATE meetings
SET created_by_member_id = (
  SELECT i.member_id FROM identities i WHERE i.platform || ':' || i.user_id = meetings.created_by
)
WHERE created_by IS NOT NULL AND created_by <> 'repeat' AND created_by_member_id IS NULL;

-- meeting_series.created_by held "platform:userId" of the officer who set up the repeat.
UPDATE meeting_series
SET created_by_identity = created_by
WHERE created_by IS NOT NULL AND created_by_identity IS NULL;

-- The member behind that account, when there is one.
UPDATE meeting_series
SET created_by_member_id = (
  SELECT i.member_id FROM identities i WHERE i.platform || ':' || i.user_id = meeting_series.created_by
)
WHERE created_by IS NOT NULL AND created_by_member_id IS NULL;

-- makeup_requests.decided_by held the deciding officer's member id (null when an administrator
-- without a record decided: that identity was not kept and cannot be recovered).
UPDATE makeup_requests
SET decided_by_member_id = decided_by
WHERE decided_by IS NOT NULL AND decided_by_member_id IS NULL;

-- One account of that member as the identity: the oldest, since which platform the decision came
-- from was not recorded.
UPDATE makeup_requests
SET decided_by_identity = (
  SELECT i.platform || ':' || i.user_id FROM identities i
  WHERE i.member_id = makeup_requests.decided_by
  ORDER BY i.created_at, i.platform, i.user_id
  LIMIT 1
)
WHERE decided_by IS NOT NULL AND decided_by_identity IS NULL;
