-- migration-check:no-transaction
-- What one address holds is read at every upload: built concurrently, the table is live.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "conversions_uploader_address_idx" ON "conversions" USING btree ("uploader_address");
