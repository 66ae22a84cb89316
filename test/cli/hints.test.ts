import { beforeAll, describe, expect, it } from "vitest";
import { execSync, spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { ingest } from "../../src/pipeline/ingest.js";
import { InputError } from "../../src/errors.js";
import { eventsFlag, guessEventKind } from "../../src/ingest/rejection-hints.js";
import { matchingPresets, noHeaderHint } from "../../src/ingest/column-hints.js";
import { REPO, tempDir } from "../helpers.js";

/** Hints that lead to the fix: each names the flag that keeps the rows, never --max-rejected for a mapping. */
const BIN = join(REPO, "bin", "cartlift.js");
const tmp = tempDir("cartlift-hints-");
let outs = 0;
const newOut = () => tmp.path(`out-${++outs}`);

beforeAll(() => {
  if (!existsSync(join(REPO, "dist", "cli", "main.js")) || statSync(join(REPO, "dist")).mtimeMs < 0)
    execSync("npm run build --silent", { cwd: REPO, stdio: "pipe" });
}, 120_000);

function cartlift(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: REPO,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const rows = (events: string[]) =>
  "user_id,item_id,ts,event\n" +
  events.map((e, i) => `u${i % 3},i${i % 5},2024-01-01T00:${String(i).padStart(2, "0")}:00Z,${e}`).join("\n") +
  "\n";

describe("guessEventKind and eventsFlag", () => {
  it("guessEventKind(name) reads the canonical type from words in the raw name", () => {
    expect(guessEventKind("checkout_complete")).toBe("purchase");
    expect(guessEventKind("add_to_basket")).toBe("cart_add");
    expect(guessEventKind("remove_from_basket")).toBe("cart_remove");
    expect(guessEventKind("product_detail_view")).toBe("view");
    expect(guessEventKind("save_for_later")).toBe("wishlist_add");
    expect(guessEventKind("begin_checkout")).toBeNull();
    expect(guessEventKind("zzz")).toBeNull();
  });

  it("eventsFlag(names) lists the most frequent names first with their guessed types", () => {
    const flag = eventsFlag(
      new Map([
        ["add_to_basket", 3],
        ["checkout_complete", 5],
        ["zzz", 1],
      ]),
    );
    expect(flag).toBe("--events purchase=checkout_complete,cart_add=add_to_basket,<type>=zzz");
  });
});

describe("ingest's hints for rejected rows", () => {
  it("ingest with unknown event names hints --events built from them, and the CLI does not suggest --max-rejected", async () => {
    const file = tmp.file(
      "events.csv",
      rows(["view", "view", "checkout_complete", "add_to_basket", "view", "add_to_basket"]),
    );
    const report = await ingest({ inputs: [file], out: newOut() });
    expect(report.hints[0]).toContain("--events cart_add=add_to_basket,purchase=checkout_complete");
    const r = cartlift("ingest", file, "--out", newOut());
    expect(r.status).toBe(5);
    expect(r.stderr).toContain("--events cart_add=add_to_basket,purchase=checkout_complete");
    expect(r.stderr).not.toContain("--max-rejected");
  });

  it("ingest with prices like 35,79 hints --decimal-comma", async () => {
    const file = tmp.file(
      "prices.csv",
      'user_id,item_id,ts,event,price\nu1,i1,2024-01-01,view,"35,79"\nu1,i2,2024-01-01,view,"1,5"\nu1,i3,2024-01-01,view,2\n',
    );
    const report = await ingest({ inputs: [file], out: newOut() });
    expect(report.rejected).toBe(2);
    expect(report.hints).toEqual(['2 numbers like "35,79" use a decimal comma: pass --decimal-comma']);
    expect((await ingest({ inputs: [file], out: newOut(), decimalComma: true })).rejected).toBe(0);
  });

  it("ingest where every price is like 35,79 is no_rows_accepted with the --decimal-comma hint, not --max-rejected", async () => {
    const file = tmp.file("all-comma.csv", 'user_id,item_id,ts,event,price\nu1,i1,2024-01-01,view,"35,79"\n');
    const e = await ingest({ inputs: [file], out: newOut() }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).hint).toMatch(/^1 numbers like "35,79" use a decimal comma: pass --decimal-comma/);
    expect((e as InputError).hint).not.toContain("--max-rejected");
  });

  it("ingest --append of a re-delivered file exits 0 and reports the duplicate events skipped", async () => {
    const file = tmp.file("day.csv", rows(["view", "view", "cart_add", "purchase"]));
    const out = newOut();
    expect(cartlift("ingest", file, "--out", out).status).toBe(0);
    const r = cartlift("ingest", file, "--out", out, "--append");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("4 duplicate events skipped");
    const json = JSON.parse(cartlift("ingest", file, "--out", out, "--append", "--json").stdout);
    expect(json).toMatchObject({ duplicatesSkipped: 4, exitCode: 0 });
  });
});

describe("ingest's hints for a header that does not fit", () => {
  it("noHeaderHint(columns) is given for a data row read as a header, with the timestamp's position", () => {
    expect(noHeaderHint(["42", "1004", "2024-01-01 10:00:00", "view"])).toContain("--no-header");
    expect(noHeaderHint(["42", "1004", "2024-01-01 10:00:00", "view"])).toContain("--map ts=3,");
    expect(noHeaderHint(["user", "item", "ts"])).toBeNull();
  });

  it("ingest of a header-less file names --no-header in the missing-column hint", async () => {
    const file = tmp.file("noheader.csv", "42,1004,2024-01-01 10:00:00,view\n43,1005,2024-01-01 10:01:00,view\n");
    const e = await ingest({ inputs: [file], out: newOut() }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).hint).toMatch(/^the first line looks like data, not a header: pass --no-header/);
  });

  it("matchingPresets(columns) finds the preset whose column names all appear; ingest suggests --preset", async () => {
    const rr = ["timestamp", "visitorid", "event", "itemid", "transactionid"];
    expect(matchingPresets(rr)).toEqual(["retailrocket"]);
    expect(matchingPresets(["a", "b", "c"])).toEqual([]);
    // RetailRocket's layout read without the preset: the report suggests it
    const file = tmp.file("rr.csv", `${rr.join(",")}\n1433221332117,257597,view,355908,\n`);
    const report = await ingest({ inputs: [file], out: newOut() });
    expect(report.hints).toContain('the columns match the "retailrocket" layout: pass --preset retailrocket');
    expect((await ingest({ inputs: [file], out: newOut(), preset: "retailrocket" })).hints).toEqual([]);
  });
});
