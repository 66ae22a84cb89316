import { describe, expect, it } from "vitest";
import { ingest } from "../../src/pipeline/ingest.js";
import { readDataset } from "../../src/io/read-dataset.js";
import { existsSync } from "node:fs";
import { tempDir } from "../helpers.js";

/** European exports: ';' separated, day/month/year dates, decimal commas. */
describe("locale options", () => {
  const tmp = tempDir();
  const file = tmp.file(
    "eu.csv",
    "ts;user;item;event;price\n01/02/2024 10:00;u1;i1;view;35,79\n13/02/2024 09:30:15;u1;i2;purchase;1.234,5\n",
  );

  it("ingest({dateOrder: 'dmy', decimalComma: true}) reads 01/02/2024 as 1 February and 35,79 as 35.79", async () => {
    const out = tmp.path("eu");
    const report = await ingest({ inputs: [file], out, dateOrder: "dmy", decimalComma: true });
    // "1.234,5" has a thousands separator: not a plain decimal-comma number, so it is rejected, not misread
    expect(report).toMatchObject({ read: 2, accepted: 1, rejected: 1, rejectedByReason: { bad_number: 1 } });
    const { table } = readDataset(out);
    expect(new Date(table.ts[0]).toISOString()).toBe("2024-02-01T10:00:00.000Z");
    expect(table.price[0]).toBe(35.79);
  });

  it("ingest() without --date-order rejects every slash date, writes nothing, and says how to read them", async () => {
    const out = tmp.path("eu-plain");
    const err = await ingest({ inputs: [file], out }).catch((e) => e);
    expect(err).toMatchObject({ code: "no_rows_accepted", exitCode: 2 });
    expect(err.message).toContain("bad_timestamp x2");
    expect(err.message).toContain(
      'not a timestamp: "01/02/2024 10:00" (for day/month/year dates pass --date-order dmy, for month/day/year --date-order mdy)',
    );
    expect(existsSync(out)).toBe(false);
  });
});
