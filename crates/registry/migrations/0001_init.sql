-- rootward registry schema. Written to run unchanged on SQLite and PostgreSQL:
-- integers are BIGINT (Rust i64), booleans are BIGINT 0/1, times are BIGINT
-- seconds since the Unix epoch, dates are TEXT 'YYYY-MM-DD', binary is BYTEA
-- (SQLite stores the blob as is). Keys are natural (fingerprints) or derived
-- from the record's identifying fields, so no autoincrement is needed.

CREATE TABLE owners (
    name TEXT PRIMARY KEY,
    website TEXT,
    country TEXT,
    contacts TEXT,
    version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE certificates (
    sha256 TEXT PRIMARY KEY,
    sha1 TEXT,
    der BYTEA,
    subject TEXT,
    issuer TEXT,
    subject_key TEXT,
    issuer_key TEXT,
    ski TEXT,
    aki TEXT,
    spki_sha256 TEXT,
    serial TEXT,
    not_before BIGINT,
    not_after BIGINT,
    is_ca BIGINT NOT NULL DEFAULT 0,
    self_issued BIGINT NOT NULL DEFAULT 0,
    eku TEXT,
    technically_constrained BIGINT NOT NULL DEFAULT 0,
    trust_email BIGINT NOT NULL DEFAULT 0,
    trust_server BIGINT NOT NULL DEFAULT 0,
    revocation TEXT,
    owner TEXT,
    subca_owner TEXT,
    record_id TEXT,
    name TEXT,
    parent_sha256 TEXT,
    audits_same_as_parent BIGINT,
    docs_same_as_parent BIGINT,
    root_trust_bits TEXT,
    ccadb_trust_bits TEXT,
    disclosed_at BIGINT,
    first_seen BIGINT NOT NULL,
    source TEXT NOT NULL,
    version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX certificates_sha1 ON certificates (sha1);
CREATE INDEX certificates_subject_key ON certificates (subject_key);
CREATE INDEX certificates_issuer_key ON certificates (issuer_key);
CREATE INDEX certificates_ski ON certificates (ski);
CREATE INDEX certificates_serial ON certificates (serial);
CREATE INDEX certificates_owner ON certificates (owner);
CREATE INDEX certificates_record_id ON certificates (record_id);

-- Parent links. verified = 1: the child's signature verifies with the
-- parent's key (and the names match); verified = 0: declared by a CCADB
-- record (Parent SHA-256 Fingerprint) and not (yet) confirmed.
CREATE TABLE cert_links (
    child TEXT NOT NULL,
    parent TEXT NOT NULL,
    verified BIGINT NOT NULL,
    PRIMARY KEY (child, parent)
);
CREATE INDEX cert_links_parent ON cert_links (parent);

CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    kind TEXT NOT NULL,
    url TEXT NOT NULL,
    doc_version TEXT,
    effective_date TEXT,
    language TEXT,
    version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE TABLE document_scope (
    document_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (document_id, sha256)
);
CREATE INDEX document_scope_sha256 ON document_scope (sha256);

CREATE TABLE audits (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    kind TEXT NOT NULL,
    criteria TEXT,
    auditor TEXT,
    auditor_location TEXT,
    statement_date TEXT,
    period_start TEXT,
    period_end TEXT,
    url TEXT,
    file_sha256 TEXT,
    version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE TABLE audit_scope (
    audit_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (audit_id, sha256)
);
CREATE INDEX audit_scope_sha256 ON audit_scope (sha256);

CREATE TABLE incidents (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    title TEXT NOT NULL,
    link TEXT,
    opened TEXT,
    closed TEXT,
    status TEXT NOT NULL,
    next_update TEXT,
    version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Every change of a record: when, from which source, what changed
-- (JSON object: field -> [old, new]).
CREATE TABLE history (
    entity TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    version BIGINT NOT NULL,
    at BIGINT NOT NULL,
    source TEXT NOT NULL,
    changes TEXT NOT NULL,
    PRIMARY KEY (entity, entity_key, version)
);
