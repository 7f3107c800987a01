// The drizzle schema: one file per feature under tables/, gathered here for drizzle-kit and the
// services. Migrations in migrations/ are generated from this with `npm run db:generate`.
export * from './tables/core.js';
export * from './tables/outbox.js';
export * from './tables/meetings.js';
export * from './tables/claimed-events.js';
export * from './tables/pairing.js';
export * from './tables/conversations.js';
export * from './tables/notices.js';
export * from './tables/reminders.js';
export * from './tables/records.js';
export * from './tables/times.js';
export * from './tables/dues.js';
export * from './tables/dashboard.js';
export * from './tables/usage.js';
