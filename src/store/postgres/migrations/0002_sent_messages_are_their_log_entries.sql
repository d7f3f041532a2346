-- A message sent is its own new_message entry in the conversation log: the log reads it from
-- messages by its number (conversation_seq), as it is now, and stops keeping a copy of it. A
-- send then writes one row fewer, and an edit or a deletion has one entry fewer to rewrite.
CREATE INDEX messages_by_conversation_seq ON messages (conversation_id, conversation_seq);
DELETE FROM conversation_events WHERE type = 'new_message';
