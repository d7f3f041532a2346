-- Communities and their posts, as the platform's other services keep them in sync through
-- the internal API: who belongs to which community, and which community each post is in.
-- The real-time gateway checks join_community and join_post against them. Ids are the
-- platform's own, opaque to confide; a community exists only through its members and posts.

CREATE TABLE community_members (
  community_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  joined_at INTEGER NOT NULL,
  PRIMARY KEY (community_id, user_id)
) WITHOUT ROWID;
-- A user's communities.
CREATE INDEX community_members_by_user ON community_members (user_id, community_id);

-- A post belongs to one community; moving it rewrites community_id.
CREATE TABLE posts (
  post_id TEXT PRIMARY KEY,
  community_id TEXT NOT NULL,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX posts_by_community ON posts (community_id);
