-- The documents a CCADB record lists for a certificate (space-separated
-- document ids, sorted), so that a change of them is a new version of the
-- certificate record with its history, like any other field.
ALTER TABLE certificates ADD COLUMN documents TEXT;
