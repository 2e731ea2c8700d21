-- Key ceremony records: the hash-chained JSON record `rootward ceremony run`
-- writes (checked with ca::ceremony::verify_record before it is stored),
-- keyed by the SHA-256 of the record as uploaded, with its optional Key
-- Generation Report (Markdown), the keys and certificates it names, and
-- the auditors it is granted to.
CREATE TABLE ceremony_records (
    sha256 TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    title TEXT NOT NULL,
    ceremony_date TEXT NOT NULL,
    location TEXT NOT NULL,
    steps BIGINT NOT NULL,
    -- 1 when every step's outcome is "ok"; 0 when the ceremony stopped.
    complete BIGINT NOT NULL,
    seal TEXT NOT NULL,
    record TEXT NOT NULL,
    report TEXT,
    report_by TEXT,
    report_at BIGINT,
    uploaded_by TEXT NOT NULL,
    uploaded_at BIGINT NOT NULL
);
CREATE INDEX ceremony_records_owner ON ceremony_records (owner);

-- The keys (kind 'key': SHA-256 of the SubjectPublicKeyInfo) and
-- certificates (kind 'certificate': SHA-256 of the DER) a record names, so
-- records can be found from registry certificates and sub-CA requests.
CREATE TABLE ceremony_fingerprints (
    record_sha256 TEXT NOT NULL REFERENCES ceremony_records (sha256),
    kind TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    name TEXT NOT NULL,
    step BIGINT NOT NULL,
    PRIMARY KEY (record_sha256, kind, sha256)
);
CREATE INDEX ceremony_fingerprints_sha256 ON ceremony_fingerprints (sha256);

-- Grants of a record to auditor accounts: who granted and when, and who
-- revoked and when (a revoked grant stays as history; a new grant is a new row).
CREATE TABLE ceremony_grants (
    record_sha256 TEXT NOT NULL REFERENCES ceremony_records (sha256),
    seq BIGINT NOT NULL,
    auditor TEXT NOT NULL REFERENCES users (name),
    granted_by TEXT NOT NULL,
    granted_at BIGINT NOT NULL,
    revoked_by TEXT,
    revoked_at BIGINT,
    PRIMARY KEY (record_sha256, seq)
);
CREATE INDEX ceremony_grants_auditor ON ceremony_grants (auditor);

-- A ceremony key's certificates in the registry are found by their key.
CREATE INDEX certificates_spki_sha256 ON certificates (spki_sha256);
