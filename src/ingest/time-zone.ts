import { UsageError } from "../errors.js";

/** Converts a zone-less local wall-clock time (as if UTC, in ms) to epoch ms. */
export type LocalToUtc = (localMs: number) => number;

const FIXED = /^([+-])(\d{2}):?(\d{2})?$/;

/** `--tz`: "UTC", a fixed offset like "+01:00", or an IANA zone like "Europe/London" (DST-aware). */
export function zoneResolver(tz: string | undefined): LocalToUtc {
  if (tz === undefined || tz === "" || /^(utc|z|gmt)$/i.test(tz)) return (ms) => ms;
  const m = FIXED.exec(tz);
  if (m) {
    const offset = (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) * 60_000;
    return (ms) => ms - offset;
  }
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
  } catch {
    throw new UsageError(
      `unknown time zone "${tz}"`,
      'use UTC, a fixed offset such as "+01:00", or an IANA name such as "Europe/London"',
    );
  }
  const cache = new Map<number, number>();
  // offsets change at most on quarter hours: cache per 15-minute bucket of UTC time
  const offsetAt = (utcMs: number): number => {
    const bucket = Math.floor(utcMs / 900_000);
    let off = cache.get(bucket);
    if (off === undefined) {
      const at = bucket * 900_000;
      const p = Object.fromEntries(fmt.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
      const wall = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
      off = wall - at;
      cache.set(bucket, off);
    }
    return off;
  };
  return (local) => {
    const guess = local - offsetAt(local);
    const off = offsetAt(guess);
    return local - off;
  };
}
