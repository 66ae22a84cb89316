import { allKinds } from "./registry.js";

/**
 * docs/model-options.md, generated from the registry (`npm run docs:options`; a test checks the file is current): one
 * table per kind with each option's name, value, default and meaning.
 */
export function modelOptionsDoc(): string {
  const lines = [
    "# Model options",
    "",
    "Generated from the model registry (`src/models/registry.ts`) by `npm run docs:options`; a test fails when this",
    "page and the registry disagree. Each option is a `cartlift train` flag (`--name value`) and a spec option",
    "(`kind[name=value]`, in `train`, `evaluate --models`, `replay --policy` and pipeline files). Inside a spec, list",
    "values join with `|` and pairs with `:` (`matrices=covisit|buy2buy`, `weights=view:1|cart_add:6`); a switch that is",
    "on by default is turned off with `--no-name` or `name=false`.",
    "",
  ];
  for (const kind of allKinds()) {
    lines.push(`## ${kind.name}`, "", `${kind.summary[0].toUpperCase()}${kind.summary.slice(1)}.`, "");
    if (kind.options.length === 0) {
      lines.push("No options of its own: each part keeps its kind's options.", "");
      continue;
    }
    lines.push("| option | value | default | meaning |", "|---|---|---|---|");
    for (const o of kind.options) {
      const flag = o.negatable ? `\`--no-${o.name}\`` : `\`--${o.name}\``;
      const fallback = o.default ?? o.defaultNote ?? "none";
      const value = o.switch ? "(none)" : `\`${o.value.replaceAll("|", "\\|")}\``;
      lines.push(`| ${flag} | ${value} | ${fallback} | ${o.doc.replaceAll("|", "\\|")} |`);
    }
    lines.push("");
  }
  return lines.join("\n");
}
