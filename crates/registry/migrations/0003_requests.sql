-- Requests for new externally operated subordinate CAs (MRSP 8.4) and their
-- timelines. The request itself is stored as JSON (`body`, the
-- workflow::Request without its timeline); `state` and `owner` are copied out
-- for listing. `version` guards against lost updates.
CREATE TABLE requests (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    filer TEXT NOT NULL,
    state TEXT NOT NULL,
    body TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX requests_owner ON requests (owner);

CREATE TABLE request_events (
    request_id TEXT NOT NULL REFERENCES requests (id),
    seq BIGINT NOT NULL,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (request_id, seq)
);
