-- The sky a content text was written from, as the API's JSON (see Sky). Rows written before this
-- migration have none; the service computes it from the same inputs when it reads them.
ALTER TABLE content ADD COLUMN sky TEXT;
