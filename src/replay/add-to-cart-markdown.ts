import { count, money, pct, table } from "./markdown-parts.js";
import { headerLines, hitTables, responseLines } from "./moment-markdown.js";
import type { AddToCartReport } from "./moment-report.js";

/** report.md of `cartlift replay add-to-cart --report`: the same figures as --json, for people. */
export function addToCartMarkdown(r: AddToCartReport): string {
  const m = r.moments;
  const out = [
    ...headerLines(r, "Add-to-cart replay", r.policies),
    "## Moments",
    table(
      ["figure", "value"],
      [
        ["add-to-cart moments (cart_add events)", count(m.moments)],
        ["users", count(m.users)],
        ["moments per user", m.momentsPerUser.toFixed(2)],
        ["value added to carts", money(m.addedValue)],
        ["carts created", count(m.cartsCreated)],
        ["moments before the period", count(m.momentsBeforePeriod)],
        ["removes / purchases of items not in the cart", `${m.orphanRemoves} / ${m.orphanPurchases}`],
        ["period orders (revenue)", `${count(r.period.orders)} (${money(r.period.revenue)})`],
      ],
    ),
  ];
  if (m.moments === 0) out.push("", "No add-to-cart moments in the period: nothing to replay.");
  else
    out.push(
      "",
      "After the add, whatever was shown (these do not depend on the policy):",
      "",
      table(
        ["window", "anything else carted", "anything bought", "the added item bought"],
        Object.entries(m.outcomes).map(([w, o]) => [
          w,
          pct(o.anyCartedRate),
          pct(o.anyBoughtRate),
          pct(o.addedItemBoughtRate),
        ]),
      ),
    );
  out.push(...hitTables(r, r.policies, "moments where the user carted or bought a shown item after the add"));
  const windows = Object.keys(r.policies[0]?.complements ?? {});
  if (windows.length > 0)
    out.push(
      "",
      "## Complements and alternatives",
      "",
      "Of the moments where a shown item was bought: the share where the added item was bought too (complements, bought together) and where it was not (alternatives, bought instead). Basket value added: the value of the shown items carted or bought after the add, per moment (95% interval).",
      "",
      table(
        ["policy", ...windows.flatMap((w) => [`${w}: complements / alternatives`, `${w}: value added per moment`])],
        r.policies.map((p) => [
          `\`${p.name}\``,
          ...windows.flatMap((w) => {
            const c = p.complements[w];
            const v = p.basketValueAdded[w];
            return [
              c.boughtHits ? `${pct(c.complementShare)} / ${pct(c.alternativeShare)} (of ${c.boughtHits})` : "-",
              `${money(v.mean)} [${money(v.low)}, ${money(v.high)}]`,
            ];
          }),
        ]),
      ),
    );
  out.push(...responseLines(r, r.policies, "the share of moments where a shown item was bought anyway"));
  return out.join("\n") + "\n";
}
