-- Pairing (万人牵手): who-did-it columns move to the ActorRef convention (src/contracts/identity.ts):
-- `…_member_id` (the member record, null for an administrator without one) and `…_identity`
-- ("platform:userId"). Run once, after the migration that adds the columns. The old columns
-- (needs.created_by, needs.consent_by, service_logs.logged_by) stay in the schema, deprecated:
-- the code no longer reads or writes them (new rows get '' or NULL there).
--
-- How old values are told apart: member ids are made by newId() (src/contracts/work.ts), 16 hex
-- digits, never holding ':'; identity keys are "platform:userId" and always hold ':'.

-- needs.created_by held the creator's member id when they had a member record: keep it as such.
UPDATE needs SET created_by_member_id = created_by
WHERE created_by_member_id IS NULL AND created_by <> '' AND instr(created_by, ':') = 0;

-- needs.created_by held "platform:userId" for an administrator without a member record (the rows
-- whose creator was never told of 接单): keep it as the creator's identity.
UPDATE needs SET created_by_identity = created_by
WHERE created_by_identity IS NULL AND instr(created_by, ':') > 0;

-- Creators with a member record: their identity is the member's first registered account.
UPDATE needs SET created_by_identity = (
  SELECT i.platform || ':' || i.user_id FROM identities i
  WHERE i.member_id = needs.created_by_member_id ORDER BY i.created_at LIMIT 1
)
WHERE created_by_identity IS NULL AND created_by_member_id IS NOT NULL;

-- needs.consent_by held the recording officer's member id, or NULL for an administrator without a
-- member record (whose identity was not recorded and cannot be recovered).
UPDATE needs SET consent_by_member_id = consent_by
WHERE consent_by_member_id IS NULL AND consent_by IS NOT NULL AND instr(consent_by, ':') = 0;

-- …and the identity of those who have a member record: their first registered account.
UPDATE needs SET consent_by_identity = (
  SELECT i.platform || ':' || i.user_id FROM identities i
  WHERE i.member_id = needs.consent_by_member_id ORDER BY i.created_at LIMIT 1
)
WHERE consent_by_identity IS NULL AND consent_by_member_id IS NOT NULL;

-- service_logs.logged_by held the logger's member id when they had a member record…
UPDATE service_logs SET logged_by_member_id = logged_by
WHERE logged_by_member_id IS NULL AND logged_by IN (SELECT id FROM members);

-- …whose identity is the member's first registered account.
UPDATE service_logs SET logged_by_identity = (
  SELECT i.platform || ':' || i.user_id FROM identities i
  WHERE i.member_id = service_logs.logged_by_member_id ORDER BY i.created_at LIMIT 1
)
WHERE logged_by_identity IS NULL AND logged_by_member_id IS NOT NULL;

-- Otherwise logged_by held a bare platform user id (an administrator without a member record),
-- without its platform. On a deployment with one platform, name it here and run this statement;
-- with several, these rows keep both new columns NULL (the old value stays in logged_by).
-- UPDATE service_logs SET logged_by_identity = 'lark:' || logged_by
-- WHERE logged_by_member_id IS NULL AND logged_by_identity IS NULL AND logged_by <> '';

-- need_events.actor_member_id already followed the convention; add the identity of members.
UPDATE need_events SET actor_identity = (
  SELECT i.platform || ':' || i.user_id FROM identities i
  WHERE i.member_id = need_events.actor_member_id ORDER BY i.created_at LIMIT 1
)
WHERE actor_identity IS NULL AND actor_member_id IS NOT NULL;
