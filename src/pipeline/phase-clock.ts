/** Wall time per named phase of a command, for its report; each start() ends the phase before. */
export class PhaseClock {
  private readonly seconds: Record<string, number> = {};
  private current: string | null = null;
  private since = 0;

  constructor(private readonly onPhase?: (label: string) => void) {}

  start(key: string, label: string): void {
    this.end();
    this.current = key;
    this.since = performance.now();
    this.onPhase?.(label);
  }

  /** Ends the running phase; the seconds by phase, to the millisecond. */
  stop(): Record<string, number> {
    this.end();
    return Object.fromEntries(Object.entries(this.seconds).map(([k, s]) => [k, Math.round(s * 1000) / 1000]));
  }

  private end(): void {
    if (this.current !== null)
      this.seconds[this.current] = (this.seconds[this.current] ?? 0) + (performance.now() - this.since) / 1000;
    this.current = null;
  }
}
