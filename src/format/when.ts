/** Times as the operator reads them: the journal's and the lock's in local time to the minute, and a wait's m:ss. */

const pad = (n: number) => String(n).padStart(2, '0');

/** "14:02" — the time of day of `iso`, in local time. */
export function clockTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "2026-11-23 14:05" — date and time of `iso`, in local time; the text itself if it is not a time. */
export function formatWhen(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clockTime(iso)}`;
}

/** "14:02" on the day of `now`, else "2026-11-22 14:02": short when it is unambiguous. */
export function shortWhen(iso: string, now: Date = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const sameDay = d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  return sameDay ? clockTime(iso) : formatWhen(iso);
}

/** "1:05" — minutes and seconds since a wait began. */
export function elapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
