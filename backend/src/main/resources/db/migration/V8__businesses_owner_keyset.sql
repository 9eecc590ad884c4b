-- Keyset pages of an owner's businesses (WHERE owner_id = ? AND id > ? ORDER BY id LIMIT ?) read this
-- index in order and stop after the page. ix_businesses_owner stays: H2 may hold it for the foreign key.
CREATE INDEX ix_businesses_owner_id ON businesses (owner_id, id);
