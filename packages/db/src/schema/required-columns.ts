/**
 * Columns the running code cannot work without. The predeploy checks each one by name after
 * migrating, on top of the full schema comparison, so a deploy that lost one of them stops
 * before it serves traffic.
 */
export const requiredColumns = [
  { table: 'proposals', column: 'visitor_session_id' },
  { table: 'conversions', column: 'proposal_id' },
] as const satisfies ReadonlyArray<{ table: string; column: string }>
