-- Which generator wrote a content text: the built-in one, or the external service (CONTENT_GENERATOR_URL).
-- Rows written before this migration came from the built-in generator.
ALTER TABLE content ADD COLUMN source VARCHAR(16) DEFAULT 'builtin' NOT NULL;
ALTER TABLE content ADD CONSTRAINT ck_content_source CHECK (source IN ('builtin', 'external'));
