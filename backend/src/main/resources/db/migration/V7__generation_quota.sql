-- Newly generated content per user (the business's owner) and UTC day, counted against
-- corp-astro.content.generation-quota. Rows of past days are deleted by the expired-content cleanup.
CREATE TABLE generation_quota (
    user_id          BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    quota_day        DATE    NOT NULL,
    generated_count  INTEGER NOT NULL,
    CONSTRAINT pk_generation_quota PRIMARY KEY (user_id, quota_day)
);
-- The cleanup deletes by day.
CREATE INDEX ix_generation_quota_day ON generation_quota (quota_day);
