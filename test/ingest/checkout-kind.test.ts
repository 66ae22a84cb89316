import { describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { EVENT_KINDS, EventKind } from "../../src/data/event-kind.js";
import { ingest } from "../../src/pipeline/ingest.js";
import { readDataset } from "../../src/io/read-dataset.js";
import { tempDir } from "../helpers.js";

const tmp = tempDir("cartlift-checkout-");

describe("the checkout event type", () => {
  it("EVENT_KINDS keeps codes 0-6 and appends checkout as code 7", () => {
    expect(EVENT_KINDS.slice(0, 7)).toEqual([
      "view",
      "cart_add",
      "cart_remove",
      "wishlist_add",
      "wishlist_remove",
      "purchase",
      "return",
    ]);
    expect(EVENT_KINDS[7]).toBe("checkout");
    expect(EventKind.checkout).toBe(7);
  });

  it("ingest maps begin_checkout and Checkout Started to checkout, and the dataset reads it back", async () => {
    const csv = tmp.path("events.csv");
    writeFileSync(
      csv,
      [
        "ts,user,event,item",
        "2024-01-01T10:00:00Z,u1,add_to_cart,a",
        "2024-01-01T10:01:00Z,u1,begin_checkout,a",
        "2024-01-01T10:02:00Z,u2,Checkout_Started,b",
        "2024-01-01T10:03:00Z,u1,purchase,a",
      ].join("\n") + "\n",
    );
    const out = tmp.path("ds");
    const r = await ingest({ inputs: [csv], out });
    expect(r.accepted).toBe(4);
    expect(r.dataset.eventsByType).toMatchObject({ cart_add: 1, checkout: 2, purchase: 1 });
    const { table } = readDataset(out);
    expect(Array.from(table.kind)).toEqual([1, 7, 5, 7]);
  });
});
