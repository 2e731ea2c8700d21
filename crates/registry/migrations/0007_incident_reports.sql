-- Incident reports with the sections of the CCADB Full Incident Report
-- template (CCADB Incident Reporting Guidelines 3.2, "Report Templates"),
-- their updates, closure and links to sub-CA requests. Incidents imported
-- from Bugzilla (`rootward incident set`) keep these columns NULL.

-- One column per template section (Markdown text, as the guidelines ask).
ALTER TABLE incidents ADD COLUMN summary TEXT;
ALTER TABLE incidents ADD COLUMN impact TEXT;
ALTER TABLE incidents ADD COLUMN timeline TEXT;
ALTER TABLE incidents ADD COLUMN related_incidents TEXT;
ALTER TABLE incidents ADD COLUMN root_cause_analysis TEXT;
ALTER TABLE incidents ADD COLUMN lessons_went_well TEXT;
ALTER TABLE incidents ADD COLUMN lessons_went_badly TEXT;
ALTER TABLE incidents ADD COLUMN lessons_got_lucky TEXT;
ALTER TABLE incidents ADD COLUMN lessons_additional TEXT;
ALTER TABLE incidents ADD COLUMN action_items TEXT;
ALTER TABLE incidents ADD COLUMN appendix TEXT;
-- Who filed and closed it, when (seconds since the epoch), and the
-- closing summary (the template's "Report Closure Summary").
ALTER TABLE incidents ADD COLUMN filed_at BIGINT;
ALTER TABLE incidents ADD COLUMN filed_by TEXT;
ALTER TABLE incidents ADD COLUMN closed_at BIGINT;
ALTER TABLE incidents ADD COLUMN closed_by TEXT;
ALTER TABLE incidents ADD COLUMN closing_summary TEXT;

-- The report's timeline: filing, each update, closure. `revised` lists the
-- sections an entry changed (JSON array of names); their old and new text
-- is in `history`.
CREATE TABLE incident_updates (
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    seq BIGINT NOT NULL,
    at BIGINT NOT NULL,
    author TEXT NOT NULL,
    role TEXT NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    next_update TEXT,
    revised TEXT NOT NULL,
    PRIMARY KEY (incident_id, seq)
);

-- Sub-CA requests an incident concerns.
CREATE TABLE incident_requests (
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    request_id TEXT NOT NULL REFERENCES requests (id),
    linked_at BIGINT NOT NULL,
    linked_by TEXT NOT NULL,
    PRIMARY KEY (incident_id, request_id)
);
CREATE INDEX incident_requests_request ON incident_requests (request_id);
