import * as XLSX from '@e965/xlsx'

/** `B12` → row 11, column 1 (zero-based); `undefined` for anything else. */
export function cellAddress(reference: string): { row: number; column: number } | undefined {
  const match = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(reference)
  if (match === null) return undefined
  let column = 0
  for (const char of (match[1] as string).toUpperCase()) column = column * 26 + (char.charCodeAt(0) - 64)
  return { row: Number(match[2]) - 1, column: column - 1 }
}

/** `A1:C3` → its corners; a single cell is a range of one. */
export function rangeAddress(
  reference: string,
): { top: number; left: number; bottom: number; right: number } | undefined {
  const [from, to = from] = reference.split(':')
  const start = cellAddress(from ?? '')
  const end = cellAddress(to ?? '')
  if (start === undefined || end === undefined) return undefined
  return {
    top: Math.min(start.row, end.row),
    left: Math.min(start.column, end.column),
    bottom: Math.max(start.row, end.row),
    right: Math.max(start.column, end.column),
  }
}

/**
 * A number as the sheet shows it: through its cell's format code (dates, times, percentages,
 * currency, thousands separators, decimals) with SheetJS's SSF, as Excel formats it in the en-US
 * locale. A code SSF cannot read falls back to the number itself (15 significant digits, as Excel
 * keeps).
 */
export function formatNumber(value: number, code: string, date1904: boolean): string {
  try {
    return String(XLSX.SSF.format(code, value, { date1904 })).trim()
  } catch {
    return String(Number(value.toPrecision(15)))
  }
}
