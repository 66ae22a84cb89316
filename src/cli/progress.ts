import type { Ora } from "ora";
import type cliProgress from "cli-progress";
import { onInterrupt } from "./interrupt.js";

type OraFactory = typeof import("ora").default;

/**
 * Progress for long commands. On a terminal: an ora spinner per phase, and a cli-progress bar for
 * counted loops (ora cannot redraw inside synchronous work). Otherwise (pipes, CI, --json): one plain
 * line per phase on stderr. --quiet: nothing.
 */
export interface Progress {
  phase(text: string): void;
  /** Counted work: `done` of `total` (bytes, rows...), with a short suffix such as "1.2M rows". */
  count(done: number, total: number, suffix: string): void;
  /** A line worth keeping in a log (an epoch's loss): printed off a terminal, where a bar shows it instead. */
  log(text: string): void;
  succeed(text: string): void;
  stop(): void;
}

/** Loads ora and cli-progress only for a terminal: off one (pipes, CI, --json) start-up is 80 ms shorter. */
export async function createProgress(opts: {
  json?: boolean;
  quiet?: boolean;
  stream?: NodeJS.WriteStream;
}): Promise<Progress> {
  const stream = opts.stream ?? process.stderr;
  if (opts.quiet) return { phase() {}, count() {}, log() {}, succeed() {}, stop() {} };
  // NO_COLOR (no-color.org) asks for plain output: no spinner, no colour
  // a pseudo-terminal without a width (some CI runners) would make the spinner clear lines forever
  const interactive =
    stream.isTTY === true && (stream.columns ?? 0) > 0 && !opts.json && !process.env.CI && !process.env.NO_COLOR;
  if (!interactive) return new PlainProgress(stream);
  const [{ default: ora }, { default: bars }] = await Promise.all([import("ora"), import("cli-progress")]);
  return new TerminalProgress(stream, ora, bars);
}

class PlainProgress implements Progress {
  constructor(private readonly stream: NodeJS.WriteStream) {}
  phase(text: string): void {
    this.stream.write(`${text}\n`);
  }
  count(): void {}
  log(text: string): void {
    this.stream.write(`${text}\n`);
  }
  succeed(text: string): void {
    this.stream.write(`${text}\n`);
  }
  stop(): void {}
}

class TerminalProgress implements Progress {
  private spinner: Ora | null = null;
  private bar: cliProgress.SingleBar | null = null;
  private lastDraw = 0;
  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly ora: OraFactory,
    private readonly bars: typeof cliProgress,
  ) {
    onInterrupt(() => this.stop());
  }

  phase(text: string): void {
    this.stopBar();
    if (this.spinner) this.spinner.succeed();
    // discardStdin off: ora would read Ctrl-C as a keystroke, and a busy thread never handles it; left to the terminal,
    // it is a SIGINT, which stops the command (interrupt.ts)
    this.spinner = this.ora({
      text,
      stream: this.stream,
      color: process.env.NO_COLOR ? undefined : "cyan",
      discardStdin: false,
    }).start();
  }

  count(done: number, total: number, suffix: string): void {
    const now = Date.now();
    // a few redraws per second at most: drawing costs more than the work between two batches
    if (this.bar && now - this.lastDraw < 250 && done < total) return;
    this.lastDraw = now;
    if (!this.bar) {
      if (this.spinner) this.spinner.stopAndPersist();
      this.spinner = null;
      this.bar = new this.bars.SingleBar(
        {
          stream: this.stream,
          format: " {bar} {percentage}% | {suffix} | ETA {eta_formatted}",
          hideCursor: true,
          clearOnComplete: true,
          noTTYOutput: false,
        },
        this.bars.Presets.shades_classic,
      );
      this.bar.start(Math.max(total, 1), 0, { suffix });
    }
    this.bar.setTotal(Math.max(total, 1));
    this.bar.update(Math.min(done, total), { suffix });
  }

  log(): void {}

  succeed(text: string): void {
    this.stopBar();
    if (this.spinner) this.spinner.succeed(text);
    else this.ora({ stream: this.stream }).succeed(text);
    this.spinner = null;
  }

  stop(): void {
    this.stopBar();
    this.spinner?.stop();
    this.spinner = null;
  }

  private stopBar(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
