/** Canonical event fields that source columns map onto. */
export const FIELDS = ["ts", "user", "session", "event", "item", "price", "quantity", "category", "order"] as const;
export type Field = (typeof FIELDS)[number];
export type FieldMap = Partial<Record<Field, string>>;

/**
 * Column names recognised without --map (compared case-insensitively, ignoring "_", "-" and spaces),
 * most specific first.
 */
export const FIELD_SYNONYMS: Record<Field, string[]> = {
  ts: ["ts", "timestamp", "eventtime", "time", "datetime", "eventtimestamp", "date", "createdat"],
  user: ["user", "userid", "visitorid", "customerid", "customer", "clientid", "uid"],
  session: ["session", "sessionid", "usersession", "visitid"],
  event: ["event", "eventtype", "type", "behaviortype", "behavior", "behaviour", "action", "eventname"],
  item: ["item", "itemid", "productid", "product", "sku", "aid", "articleid", "stockcode"],
  price: ["price", "unitprice", "itemprice"],
  quantity: ["quantity", "qty", "count"],
  category: ["category", "categoryid", "categorycode"],
  order: ["order", "orderid", "transactionid", "invoiceno", "invoice", "ordernumber"],
};

export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[\s_\-.]/g, "");
}

export function isField(name: string): name is Field {
  return (FIELDS as readonly string[]).includes(name);
}
