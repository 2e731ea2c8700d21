-- Files attached to requests (self-assessments, key generation reports,
-- audit statements), stored once by their SHA-256.
CREATE TABLE attachments (
    sha256 TEXT PRIMARY KEY,
    media_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    filename TEXT NOT NULL,
    content BYTEA NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at BIGINT NOT NULL
);
