-- migration-check:no-transaction
-- Keyset pagination (newest first) for an owner's proposals and a proposal's conversions: a
-- page costs the same whatever the total. Built concurrently: both tables are live.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "conversions_proposal_page_idx" ON "conversions" USING btree ("proposal_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX CONCURRENTLY IF NOT EXISTS "proposals_user_page_idx" ON "proposals" USING btree ("owner_user_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX CONCURRENTLY IF NOT EXISTS "proposals_visitor_page_idx" ON "proposals" USING btree ("visitor_session_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);
