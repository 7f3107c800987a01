-- Adapters restructure (issue 13): event ids claimed by the Lark adapter move from lark_events to
-- the platform-neutral claimed_events (src/db/tables/claimed-events.ts). Run once after the
-- migration that creates claimed_events; lark_events stays (deprecated, unused) until it is dropped.

-- Copy every Lark event id still within its retention, so a re-push that arrives across the
-- upgrade is still recognised; ids already claimed under the new table are kept as they are.
INSERT OR IGNORE INTO claimed_events (platform, event_id, received_at)
SELECT 'lark', event_id, received_at FROM lark_events;

