// Stored in UTC, shown in the UK's civil time (GMT or BST), which Intl works out from the date.
const dateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  // h12 rather than hour12: en-GB's twelve-hour clock otherwise counts from 0 ("0:08am").
  hourCycle: 'h12',
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
  const period = get('dayPeriod').toLowerCase().replace(/\s/g, '')
  const onTheHour = get('minute') === '00'
  // GOV.UK style: "midnight" and "midday" rather than 12am and 12pm, which people misread.
  const time =
    onTheHour && get('hour') === '12'
      ? period === 'am'
        ? 'midnight'
        : 'midday'
      : onTheHour
        ? `${get('hour')}${period}`
        : `${get('hour')}:${get('minute')}${period}`
  return `${get('day')} ${get('month')} ${get('year')} at ${time}`
}

/** NHS.UK style: "Sunday 15 August 2021", with no comma after the weekday. */
export function formatLondonDate(value: Date | string): string {
  return date
    .formatToParts(new Date(value))
    .filter((p) => p.type !== 'literal')
    .map((p) => p.value)
    .join(' ')
}

const wallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** The UK date ("2021-05-24") and 24-hour time ("09:00") of an instant, as a form shows them. */
export function londonWallClock(value: Date | string): { date: string; time: string } {
  const parts = wallClock.formatToParts(new Date(value))
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? ''
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` }
}

const hourMs = 60 * 60 * 1000

/**
 * The instant at which UK clocks show this date ("2021-05-24") and time ("09:00"). When the
 * clocks go back and the time happens twice, the first (summer time) is meant; when they go
 * forward and it never happens, there is no answer.
 */
export function londonToUtc(date: string, time: string): Date | undefined {
  const [year, month, day] = date.split('-').map(Number)
  const [hour, minute] = time.split(':').map(Number)
  if ([year, month, day, hour, minute].some((n) => n === undefined || !Number.isInteger(n))) return undefined
  const asUtc = Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, hour ?? 0, minute ?? 0)
  // The UK is on GMT (offset 0) or BST (offset one hour): try summer time first.
  for (const offset of [hourMs, 0]) {
    const candidate = new Date(asUtc - offset)
    const shown = londonWallClock(candidate)
    if (shown.date === date && shown.time === time) return candidate
  }
  return undefined
}
