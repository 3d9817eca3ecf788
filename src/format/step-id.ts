/** Step ids in a column: as wide as the longest (`default-security-groups`), so the next column lines up. */
export const STEP_ID_WIDTH = 23;

export function padId(id: string): string {
  return id.padEnd(STEP_ID_WIDTH);
}
