-- Imported businesses carry the id they have in the importing system; imports skip ids already present.
ALTER TABLE businesses ADD COLUMN external_id VARCHAR(100);
CREATE UNIQUE INDEX ux_businesses_external_id ON businesses (external_id);
