import type { EventKindName } from "../data/event-kind.js";
import type { DateOrder } from "./parse-time.js";
import type { FieldMap } from "./fields.js";
import type { RecordExploder } from "../io/record-exploder.js";

/** How one source layout maps onto the canonical schema. */
export interface SourceSpec {
  map: FieldMap;
  /** Raw event name -> canonical type, on top of the default aliases. */
  events?: Record<string, EventKindName>;
  /** Every row has this event type (logs without an event column). */
  constantEvent?: EventKindName;
  /** Column names of a header-less CSV layout. */
  header?: string[];
  delimiter?: string;
  /** A column of milliseconds added to `ts` (Diginetica's timeframe after the session's date). */
  tsOffset?: string;
  /** Id cells that mean "missing" (e.g. "NA"). */
  nullValues?: string[];
  /** Rows whose column starts with the prefix are returns (UCI cancellations: invoice "C..."). */
  returnPrefix?: { column: string; prefix: string };
  /** Rows with a negative quantity are returns of |quantity|. */
  negativeQuantityIsReturn?: boolean;
  tz?: string;
  dateOrder?: DateOrder;
  /** Prices and quantities use "," as the decimal separator. */
  decimalComma?: boolean;
  /** JSON lines whose records nest their items: makes each file's exploder (one flat row per item). */
  nested?: () => RecordExploder;
  /** Event names with no mapping are left out and counted by name, not rejected; default aliases are not used. */
  leaveOutUnknownEvents?: boolean;
}

export interface PresetVariant {
  name: string;
  /** Chooses the variant from the source columns (header names, or the field count of header-less files). */
  matches(columns: string[], fieldCount: number): boolean;
  spec: SourceSpec;
}

export interface Preset {
  name: string;
  description: string;
  /** True when files of this preset usually have no header row (checked on the first line). */
  headerless: boolean;
  variants: PresetVariant[];
}
