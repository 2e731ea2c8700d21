-- Comments on sub-CA requests, in order.
CREATE TABLE request_comments (
    request_id TEXT NOT NULL REFERENCES requests (id),
    seq BIGINT NOT NULL,
    at BIGINT NOT NULL,
    author TEXT NOT NULL,
    role TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (request_id, seq)
);
