// The few statistics the bench and the fault runs report.

export const round = (value: number, digits = 0): number | null => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);

/** Nearest-rank percentile; NaN for no values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

// Reduced, not spread: a national run's 188,100 values would overflow the call stack.
export const maxOf = (values: number[]) => values.reduce((a, b) => (b > a ? b : a), -Infinity);
export const minOf = (values: number[]) => values.reduce((a, b) => (b < a ? b : a), Infinity);
