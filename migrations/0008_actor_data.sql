-- Data move of the restructure (issue 13): who-did-it columns into ActorRef pairs, Lark event ids
-- into claimed_events. Generated with `drizzle-kit generate --custom` and filled by hand with the data move.
UPDATE chat_bindings SET bound_by_identity = bound_by WHERE bound_by IS NOT NULL AND bound_by_identity IS NULL;
--> statement-breakpoint
UPDATE chat_bindings
SET bound_by_member_id = (
  SELECT i.member_id FROM identities i WHERE i.platform || ':' || i.user_id = chat_bindings.bound_by
)
WHERE bound_by IS NOT NULL AND bound_by_member_id IS NULL;
--> statement-breakpoint
UPDATE invites SET created_by_identity = created_by WHERE created_by IS NOT NULL AND created_by_identity IS NULL;
--> statement-breakpoint
UPDATE invites
SET created_by_member_id = (
  SELECT i.member_id FROM identities i WHERE i.platform || ':' || i.user_id = invites.created_by
)
WHERE created_by IS NOT NULL AND created_by_member_id IS NULL;
--> statement-breakpoint
UPDATE meetings
SET created_by_identity = created_by
WHERE created_by IS NOT NULL AND created_by <> 'repeat' AND created_by_identity IS NULL;
--> statement-breakpoint
UPDATE meetings
SET created_by_member_id = (
  SELECT i.member_id FROM identities i WHERE i.platform || ':' || i.user_id = meetings.created_by
)
WHERE created_by IS NOT NULL AND created_by <> 'repeat' AND created_by_member_id IS NULL;
--> statement-breakpoint
UPDATE meeting_series
SET created_by_identity = created_by
WHERE created_by IS NOT NULL AND created_by_identity IS NULL;
--> statement-breakpoint
UPDATE meeting_series
SET created_by_member_id = (
  SELECT i.member_id FROM identities i WHERE i.platform || ':' || i.user_id = meeting_series.created_by
)
WHERE created_by IS NOT NULL AND created_by_member_id IS NULL;
--> statement-breakpoint
UPDATE makeup_requests
SET decided_by_member_id = decided_by
WHERE decided_by IS NOT NULL AND decided_by_member_id IS NULL;
--> statement-breakpoint
UPDATE makeup_requests
SET decided_by_identity = (
  SELECT i.platform || ':' || i.user_id FROM identities i
  WHERE i.member_id = makeup_requests.decided_by
  ORDER BY i.created_at, i.platform, i.user_id
  LIMIT 1
)
WHERE decided_by IS NOT NULL AND decided_by_identity IS NULL;
--> statement-breakpoint
UPDATE notices SET created_by_member_id = created_by_member WHERE created_by_identity IS NULL;
--> statement-breakpoint
UPDATE notices SET created_by_identity = created_by WHERE created_by_identity IS NULL;
--> statement-breakpoint
UPDATE notice_chases
SET by_member_id = (
  SELECT i.member_id FROM identities i WHERE i.platform || ':' || i.user_id = notice_chases."by"
)
WHERE by_identity IS NULL;
--> statement-breakpoint
UPDATE notice_chases SET by_identity = "by" WHERE by_identity IS NULL;
--> statement-breakpoint
UPDATE needs SET created_by_member_id = created_by
WHERE created_by_member_id IS NULL AND created_by <> '' AND instr(created_by, ':') = 0;
--> statement-breakpoint
UPDATE needs SET created_by_identity = created_by
WHERE created_by_identity IS NULL AND instr(created_by, ':') > 0;
--> statement-breakpoint
UPDATE needs SET created_by_identity = (
  SELECT i.platform || ':' || i.user_id FROM identities i
  WHERE i.member_id = needs.created_by_member_id ORDER BY i.created_at LIMIT 1
)
WHERE created_by_identity IS NULL AND created_by_member_id IS NOT NULL;
--> statement-breakpoint
UPDATE needs SET consent_by_member_id = consent_by
WHERE consent_by_member_id IS NULL AND consent_by IS NOT NULL AND instr(consent_by, ':') = 0;
--> statement-breakpoint
UPDATE needs SET consent_by_identity = (
  SELECT i.platform || ':' || i.user_id FROM identities i
  WHERE i.member_id = needs.consent_by_member_id ORDER BY i.created_at LIMIT 1
)
WHERE consent_by_identity IS NULL AND consent_by_member_id IS NOT NULL;
--> statement-breakpoint
UPDATE service_logs SET logged_by_member_id = logged_by
WHERE logged_by_member_id IS NULL AND logged_by IN (SELECT id FROM members);
--> statement-breakpoint
UPDATE service_logs SET logged_by_identity = (
  SELECT i.platform || ':' || i.user_id FROM identities i
  WHERE i.member_id = service_logs.logged_by_member_id ORDER BY i.created_at LIMIT 1
)
WHERE logged_by_identity IS NULL AND logged_by_member_id IS NOT NULL;
--> statement-breakpoint
UPDATE need_events SET actor_identity = (
  SELECT i.platform || ':' || i.user_id FROM identities i
  WHERE i.member_id = need_events.actor_member_id ORDER BY i.created_at LIMIT 1
)
WHERE actor_identity IS NULL AND actor_member_id IS NOT NULL;
--> statement-breakpoint
UPDATE reminder_settings
SET updated_by_identity = updated_by, updated_by_member_id = NULL
WHERE updated_by LIKE '%:%' AND updated_by_identity IS NULL;
--> statement-breakpoint
UPDATE reminder_settings
SET updated_by_member_id = updated_by
WHERE updated_by NOT LIKE '%:%' AND updated_by <> '' AND updated_by_member_id IS NULL;
--> statement-breakpoint
UPDATE reminder_settings
SET updated_by_identity = (
  SELECT i.platform || ':' || i.user_id FROM identities i
  WHERE i.member_id = reminder_settings.updated_by_member_id
  ORDER BY i.created_at, i.platform, i.user_id LIMIT 1
)
WHERE updated_by_member_id IS NOT NULL AND updated_by_identity IS NULL;
--> statement-breakpoint
INSERT OR IGNORE INTO claimed_events (platform, event_id, received_at)
SELECT 'lark', event_id, received_at FROM lark_events;
