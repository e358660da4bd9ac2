// Primary suppression: a count below the disclosure threshold (but above zero) is never shown,
// so a small group cannot be recognised. The same rule as the platform's, kept here until one
// module serves both.

export type Shown = { suppressed: false; count: number } | { suppressed: true; count: undefined }

/** True when a count must be hidden: more than none, fewer than the threshold. */
export function isSuppressed(count: number, threshold: number): boolean {
  return count > 0 && count < threshold
}

export function suppressCount(count: number, threshold: number): Shown {
  return isSuppressed(count, threshold)
    ? { suppressed: true, count: undefined }
    : { suppressed: false, count }
}
