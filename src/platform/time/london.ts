// Stored in UTC, shown in the UK's civil time (GMT or BST), which Intl works out from the date.
const dateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
})
const date = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
})

export function formatLondonDateTime(value: Date | string): string {
  const parts = dateTime.formatToParts(new Date(value))
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? ''
  const time =
    get('minute') === '00'
      ? `${get('hour')}${get('dayPeriod')}`
      : `${get('hour')}:${get('minute')}${get('dayPeriod')}`
  return `${get('day')} ${get('month')} ${get('year')} at ${time.toLowerCase().replace(/\s/g, '')}`
}

/** NHS.UK style: "Sunday 15 August 2021", with no comma after the weekday. */
export function formatLondonDate(value: Date | string): string {
  return date
    .formatToParts(new Date(value))
    .filter((p) => p.type !== 'literal')
    .map((p) => p.value)
    .join(' ')
}
