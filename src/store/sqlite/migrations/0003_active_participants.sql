-- The active members of a conversation, read on every send (the recipients of its events),
-- from the index alone.
CREATE INDEX participants_active_by_conversation
  ON participants (conversation_id, is_active, user_id);
