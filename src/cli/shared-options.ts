import { Option, type Command } from "commander";
import { parseTime } from "./parse-time-option.js";
import { parseDuration, parseWhole } from "./options.js";

/**
 * The options many commands share, declared once: `--json`, `-q/--quiet`, `--threads`, `--seed`, `--k`. Each command
 * adds the ones it has, and reads them once with `sharedValues` (and `kValue`) into typed values for the core.
 */
export const SHARED = {
  json: (what: string) => new Option("--json", `print ${what} as JSON on stdout`),
  quiet: () => new Option("-q, --quiet", "no progress output"),
  threads: (what: string) => new Option("--threads <n>", `threads for ${what} (default: the cores, at most 4)`),
  seed: (what: string) => new Option("--seed <n>", `seed of ${what}: same seed and input, same bytes`).default("42"),
  /** One list length or neighbour count (evaluate's --k is a list of cut-offs, declared there). */
  k: (what: string, fallback?: number) => {
    const option = new Option("--k <n>", what);
    return fallback === undefined ? option : option.default(String(fallback));
  },
};

/** The largest --k any command takes. */
export const MAX_K = 10_000;

/** `--k` as a whole number 1..MAX_K, undefined when not given and without a default. */
export function kValue(o: Record<string, unknown>): number | undefined {
  return o.k === undefined ? undefined : parseWhole(String(o.k), "--k", 1, MAX_K);
}

export function addShared(command: Command, ...options: Option[]): Command {
  for (const option of options) command.addOption(option);
  return command;
}

export interface SharedValues {
  json: boolean;
  quiet: boolean;
  threads?: number;
  seed?: number;
}

/** The shared options' values, checked: threads 1..256, seed a whole number 0..2^32-1. */
export function sharedValues(o: Record<string, unknown>): SharedValues {
  return {
    json: o.json === true,
    quiet: o.quiet === true,
    threads: o.threads === undefined ? undefined : parseWhole(String(o.threads), "--threads", 1, 256),
    seed: o.seed === undefined ? undefined : parseWhole(String(o.seed), "--seed", 0, 2 ** 32 - 1),
  };
}

/** A time flag (ISO 8601 or epoch ms), undefined when not given. */
export function timeFlag(text: unknown, flag: string): number | undefined {
  return text === undefined ? undefined : parseTime(String(text), flag);
}

/** A duration flag ("30m", "24h", "7d"), undefined when not given. */
export function durationFlag(text: unknown, flag: string): number | undefined {
  return text === undefined ? undefined : parseDuration(String(text), flag);
}
