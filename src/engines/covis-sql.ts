import { EVENT_KINDS } from "../data/event-kind.js";

/** The similarities the SQL computes: the in-memory model's (models/covis/normalise.ts checks that they agree). */
export type SqlNormalisation = "raw" | "cosine" | "jaccard" | "lift" | "bm25";

/** The SQL dialects the co-visitation template is generated for. */
export type SqlDialect = "duckdb" | "spark";

/** What the counting needs to know: the same parameters as the in-memory covisit list (docs/covis.md). */
export interface CovisSqlParams {
  scope: "session" | "user";
  maxGap: number;
  windowMs: number;
  /** Weight per EventKind code (the neighbour's event type); 0 leaves the pair out. */
  kindWeight: Float64Array;
  halfLifeMs: number;
  positionDecay: boolean;
  normalisation: SqlNormalisation;
  k: number;
  minSupport: number;
  /** Train on events strictly before this time (epoch ms; Infinity: all). */
  until: number;
}

/**
 * The co-visitation count as SQL, one template for DuckDB and Spark SQL. Over an `events` relation with columns
 * ts (timestamp), row (the dataset order), user_code, session_code, item_code, event_code it defines, as views:
 * - ev: the kept events with their position in their timeline (ROW_NUMBER by row) and time decay;
 * - support: timelines holding each item, and the number of timelines;
 * and `topk(bucket, buckets)` selects, for the anchors a with a % buckets = bucket, every neighbour b: pairs of one
 * timeline at most maxGap positions and windowMs apart, weighted by decay(later event) x 1 / gap x weight(neighbour's
 * type), their largest weight per timeline summed over timelines, normalised, and the top k by score rounded to 1e-9,
 * ties by neighbour code: the in-memory counter's definition. No QUALIFY (Spark has none): ROW_NUMBER in a subquery.
 */
export class CovisSql {
  constructor(
    readonly dialect: SqlDialect,
    readonly p: CovisSqlParams,
  ) {}

  /**
   * Statements that define ev, support and timelines over `events`: views, or with `materialize` tables (computed
   * once, then read by every bucket; DuckDB).
   */
  views(materialize = false): string[] {
    const p = this.p;
    const tl = p.scope === "user" ? "user_code" : "session_code";
    const ms = this.dialect === "duckdb" ? "epoch_ms(ts)" : "unix_millis(ts)";
    const until = Number.isFinite(p.until) ? `WHERE ${ms} < ${Math.round(p.until)}` : "";
    const decay = Number.isFinite(p.halfLifeMs)
      ? `exp(-(CAST(e.end_ms AS DOUBLE) - CAST(k.ts_ms AS DOUBLE)) * ${double(Math.LN2 / p.halfLifeMs)})`
      : double(1);
    const temp = this.dialect === "duckdb" ? "TEMP VIEW" : "TEMPORARY VIEW";
    const table = materialize ? "TEMP TABLE" : temp;
    return [
      `CREATE OR REPLACE ${temp} kept AS
SELECT ${tl} AS tl, item_code AS item, event_code AS kind, ${ms} AS ts_ms, row AS rn
FROM events ${until}`,
      `CREATE OR REPLACE ${table} ev AS
SELECT k.tl, k.item, k.kind, k.ts_ms,
  ROW_NUMBER() OVER (PARTITION BY k.tl ORDER BY k.rn) AS pos,
  ${decay} AS decay
FROM kept k CROSS JOIN (SELECT max(ts_ms) AS end_ms FROM kept) e`,
      `CREATE OR REPLACE ${table} support AS
SELECT item, CAST(count(DISTINCT tl) AS DOUBLE) AS s FROM ev GROUP BY item`,
      `CREATE OR REPLACE ${table} timelines AS
SELECT CAST(count(DISTINCT tl) AS DOUBLE) AS n FROM ev`,
    ];
  }

  /**
   * The summed pair weights of the anchors a % buckets = bucket (columns a, b, w; w > 0): what the in-memory counter
   * sums before ranking, and what a state keeps (stateRows).
   */
  sums(bucket: number, buckets: number): string {
    const p = this.p;
    const inverse = p.positionDecay ? `${double(1)} / CAST(y.pos - x.pos AS DOUBLE)` : double(1);
    const inBucket = (col: string) => (buckets > 1 ? ` AND ${col} % ${buckets} = ${bucket}` : "");
    const weight = (kind: string) =>
      `CASE ${kind} ${[...p.kindWeight]
        .map((w, code) => (w > 0 && code < EVENT_KINDS.length ? `WHEN ${code} THEN ${double(w)} ` : ""))
        .join("")}ELSE ${double(0)} END`;
    return `SELECT a, b, sum(w) AS w FROM (
  SELECT tl, a, b, max(w) AS w FROM (
    SELECT x.tl, x.item AS a, y.item AS b, y.decay * ${inverse} * ${weight("y.kind")} AS w
    FROM ev x JOIN ev y ON y.tl = x.tl AND y.pos > x.pos AND y.pos <= x.pos + ${p.maxGap}
    WHERE y.ts_ms - x.ts_ms <= ${Math.round(p.windowMs)} AND x.item <> y.item${inBucket("x.item")}
    UNION ALL
    SELECT x.tl, y.item AS a, x.item AS b, y.decay * ${inverse} * ${weight("x.kind")} AS w
    FROM ev x JOIN ev y ON y.tl = x.tl AND y.pos > x.pos AND y.pos <= x.pos + ${p.maxGap}
    WHERE y.ts_ms - x.ts_ms <= ${Math.round(p.windowMs)} AND x.item <> y.item${inBucket("y.item")}
  ) d WHERE w > 0 GROUP BY tl, a, b
) t GROUP BY a, b`;
  }

  /**
   * A state's rows for the anchors a % buckets = bucket (docs/scale-out.md#daily-increments): columns a, b, w, every
   * summed pair, or with `keep` > 0 each anchor's `keep` heaviest (weight descending, ties by neighbour code).
   */
  stateRows(bucket: number, buckets: number, keep: number): string {
    if (keep === 0) return this.sums(bucket, buckets);
    return `SELECT a, b, w FROM (
  SELECT a, b, w, ROW_NUMBER() OVER (PARTITION BY a ORDER BY w DESC, b ASC) AS place
  FROM (${this.sums(bucket, buckets)}) s
) r WHERE place <= ${keep}`;
  }

  /** The top k of the anchors a % buckets = bucket: columns a, b, score (rounded to 1e-9), rank (1 = best). */
  topk(bucket: number, buckets: number): string {
    const p = this.p;
    return `SELECT a, b, score, rank FROM (
  SELECT a, b, round(score * 1e9) / 1e9 AS score,
    ROW_NUMBER() OVER (PARTITION BY a ORDER BY round(score * 1e9) DESC, b ASC) AS rank
  FROM (
    SELECT w.a, w.b, ${this.similarity()} AS score
    FROM (
${this.sums(bucket, buckets)}
    ) w
    JOIN support sa ON sa.item = w.a
    JOIN support sb ON sb.item = w.b
    CROSS JOIN timelines n
    WHERE w.w >= ${double(p.minSupport)}
  ) s WHERE score > 0
) r WHERE rank <= ${p.k}`;
  }

  /**
   * Upper bound of the self-join's rows (pair occurrences, both directions), from the timeline lengths: what sizes the
   * buckets. Columns: pairs, events.
   */
  pairEstimate(): string {
    return `SELECT CAST(2 * sum(least(c.len - e.pos, ${this.p.maxGap})) AS DOUBLE) AS pairs, CAST(count(*) AS DOUBLE) AS events
FROM ev e JOIN (SELECT tl, count(*) AS len FROM ev GROUP BY tl) c ON c.tl = e.tl`;
  }

  /** The normalisation of normalise.ts over w.w, sa.s, sb.s and n.n. */
  private similarity(): string {
    switch (this.p.normalisation) {
      case "raw":
        return "w.w";
      case "cosine":
        return "w.w / sqrt(sa.s * sb.s)";
      case "jaccard":
        return `w.w / greatest(sa.s + sb.s - w.w, ${double(1e-12)})`;
      case "lift":
        return "(w.w * n.n) / (sa.s * sb.s)";
      case "bm25":
        return "w.w * ln(1 + (n.n - sb.s + 0.5) / (sb.s + 0.5))";
    }
  }
}

/** A double literal both dialects read as DOUBLE (a bare 1.5 is a DECIMAL in both). */
function double(v: number): string {
  return `CAST(${Number.isInteger(v) ? v.toFixed(1) : String(v)} AS DOUBLE)`;
}

/**
 * The complete Spark SQL script: the input and output folders as settings (substituted by Spark's variable
 * substitution, on by default), the events view over the Parquet export, the views, and the top k of every anchor
 * written as Parquet (columns a, b, score, rank), which `cartlift train covis --from-pairs` turns into a model file.
 */
export function sparkScript(sql: CovisSql, input: string, output: string, header: string[]): string {
  if (sql.dialect !== "spark") throw new Error("sparkScript needs the spark dialect");
  const statements = [
    `SET cartlift.input = ${input}`,
    `SET cartlift.output = ${output}`,
    "CREATE OR REPLACE TEMPORARY VIEW events AS SELECT * FROM parquet.`${cartlift.input}`",
    ...sql.views(),
    `INSERT OVERWRITE DIRECTORY '\${cartlift.output}' USING parquet\n${sql.topk(0, 1)}`,
  ];
  return [...header.map((line) => `-- ${line}`), "", ...statements.map((s) => `${s};\n`)].join("\n");
}
