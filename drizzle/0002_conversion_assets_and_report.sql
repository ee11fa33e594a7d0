CREATE TABLE "conversion_assets" (
	"conversion_id" uuid NOT NULL,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversion_assets_conversion_id_name_pk" PRIMARY KEY("conversion_id","name")
);
--> statement-breakpoint
ALTER TABLE "conversions" ADD COLUMN "report" jsonb;--> statement-breakpoint
ALTER TABLE "conversion_assets" ADD CONSTRAINT "conversion_assets_conversion_id_conversions_id_fk" FOREIGN KEY ("conversion_id") REFERENCES "public"."conversions"("id") ON DELETE cascade ON UPDATE no action;
