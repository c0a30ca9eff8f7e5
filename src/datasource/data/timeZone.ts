/**
 * Grafana's dashboard time zone as an IANA name the backend takes: "browser" (or none) is the
 * browser's zone, "utc" is UTC, anything else is already a zone name.
 */
export function ianaTimeZone(timezone: string | undefined): string {
  if (!timezone || timezone === 'browser') {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  }
  return timezone.toLowerCase() === 'utc' ? 'UTC' : timezone;
}
