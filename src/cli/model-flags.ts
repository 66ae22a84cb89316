import { Option, type Command } from "commander";
import type { TrainFlag } from "../pipeline/model-options.js";

/**
 * `train`'s model flags, generated from the kinds' option tables: `--name <value>` with the table's default and doc,
 * or `--no-name` for a switch that is on by default. Values stay text here and are read by the option's own parser,
 * the one the spec grammar uses.
 */
export function addModelFlags(command: Command, flags: readonly TrainFlag[]): void {
  for (const { option, kinds } of flags) {
    const doc = `${kinds.join(", ")}: ${option.doc}`;
    if (option.negatable) {
      command.addOption(new Option(`--no-${option.name}`, doc));
      continue;
    }
    if (option.switch) {
      command.addOption(new Option(`--${option.name}`, doc));
      continue;
    }
    const flag = new Option(`--${option.name} ${option.value}`, doc);
    if (option.default !== undefined) flag.default(option.default);
    else if (option.defaultNote) flag.description += ` (default: ${option.defaultNote})`;
    command.addOption(flag);
  }
}

/**
 * The model flags' values, read by their options' parsers (by option name), and the names the user typed (defaults
 * are not typed: they apply only to the kinds that have the option).
 */
export function readModelFlags(
  command: Command,
  flags: readonly TrainFlag[],
): { options: Record<string, unknown>; explicit: string[] } {
  const options: Record<string, unknown> = {};
  const explicit: string[] = [];
  for (const { option } of flags) {
    const found = command.options.find((o) => o.long === `--${option.negatable ? "no-" : ""}${option.name}`)!;
    const value = command.getOptionValue(found.attributeName());
    if (value === undefined) continue;
    if (command.getOptionValueSource(found.attributeName()) === "cli") explicit.push(option.name);
    options[option.name] = option.negatable ? value : option.parse(String(value), `--${option.name}`);
  }
  return { options, explicit };
}
