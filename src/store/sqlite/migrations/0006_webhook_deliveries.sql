-- The identity provider's webhook deliveries (their svix-id) processed within the signature
-- tolerance window: a delivery replayed within it is answered and changes nothing. Older
-- rows are pruned as new deliveries arrive.
CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,
  received_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX webhook_deliveries_by_time ON webhook_deliveries (received_at);
