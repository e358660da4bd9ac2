/**
 * The hidden fields of a page's forms, CSRF token included, read as a browser would send them back:
 * the tests' browser and the submit benchmark both act on pages this app rendered.
 */
export function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    if (match[1]) fields[match[1]] = match[2] ?? ''
  }
  return fields
}
