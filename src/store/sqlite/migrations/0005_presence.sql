-- When each user's last socket left the real-time gateway (epoch milliseconds; null until
-- then), for the lastSeenAt of presence.
ALTER TABLE users ADD COLUMN last_seen_at INTEGER;
