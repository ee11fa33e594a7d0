-- Per-address quotas (issue 17) count what each client address holds: the upload's address is
-- kept with its conversion. Nullable, no default: instant on a live table.
ALTER TABLE "conversions" ADD COLUMN "uploader_address" text;
