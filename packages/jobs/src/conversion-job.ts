/** Job data for the `conversions` queue. The document itself stays in Postgres. */
export interface ConversionJobData {
  conversionId: string
}
