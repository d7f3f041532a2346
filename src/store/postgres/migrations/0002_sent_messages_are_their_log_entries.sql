-- A message sent is its own new_message entry in the conversation log: the log reads it from
-- messages by its number (conversation_seq), as it is now, and stops keeping a copy of it. A
-- send then writes one row fewer, and an edit or a deletion has one entry fewer to rewrite.
-- A conversation's messages are indexed by their numbers instead of seq: within a
-- conversation the two orders are the same (a message is inserted after its transaction has
-- taken its number, under the conversation's row lock), and the index serves the message
-- windows and the log alike.
DROP INDEX messages_by_conversation;
CREATE INDEX messages_by_conversation ON messages (conversation_id, conversation_seq);
DELETE FROM conversation_events WHERE type = 'new_message';
