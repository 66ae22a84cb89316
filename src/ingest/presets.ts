import { ANALYTICS_PRESETS } from "./sources/analytics-presets.js";
import type { Preset } from "./preset-types.js";

export type { Preset, PresetVariant, SourceSpec } from "./preset-types.js";

const has = (columns: string[], ...names: string[]) => names.every((n) => columns.includes(n));
const always = () => true;

export const PRESETS: Preset[] = [
  {
    name: "rees46",
    description: "REES46 / Kaggle eCommerce behavior (event_time,event_type,product_id,category_id,...)",
    headerless: false,
    variants: [
      {
        name: "events",
        matches: always,
        spec: {
          map: {
            ts: "event_time",
            event: "event_type",
            item: "product_id",
            category: "category_id",
            price: "price",
            user: "user_id",
            session: "user_session",
          },
          events: { view: "view", cart: "cart_add", remove_from_cart: "cart_remove", purchase: "purchase" },
        },
      },
    ],
  },
  {
    name: "retailrocket",
    description: "RetailRocket events.csv (timestamp,visitorid,event,itemid,transactionid)",
    headerless: false,
    variants: [
      {
        name: "events",
        matches: always,
        spec: {
          map: { ts: "timestamp", user: "visitorid", event: "event", item: "itemid", order: "transactionid" },
          events: { view: "view", addtocart: "cart_add", transaction: "purchase" },
        },
      },
    ],
  },
  {
    name: "taobao",
    description: "Taobao UserBehavior.csv, no header (user_id,item_id,category_id,behavior_type,timestamp)",
    headerless: true,
    variants: [
      {
        name: "user-behavior",
        matches: always,
        spec: {
          header: ["user_id", "item_id", "category_id", "behavior_type", "timestamp"],
          map: { user: "user_id", item: "item_id", category: "category_id", event: "behavior_type", ts: "timestamp" },
          events: { pv: "view", cart: "cart_add", fav: "wishlist_add", buy: "purchase" },
        },
      },
    ],
  },
  {
    name: "otto",
    description: "OTTO sessions JSON Lines ({session, events: [{aid, ts, type}]})",
    headerless: false,
    variants: [
      {
        // an OTTO "session" is one anonymous user's whole history (weeks long): it becomes the user,
        // and visits are derived from inactivity gaps like any log without a session column
        name: "sessions",
        matches: always,
        spec: {
          map: { user: "session", item: "aid", ts: "ts", event: "type" },
          events: { clicks: "view", carts: "cart_add", orders: "purchase" },
        },
      },
    ],
  },
  {
    name: "diginetica",
    description: "Diginetica / CIKM Cup 2016 item views or purchases (';'-separated, date + timeframe)",
    headerless: false,
    variants: [
      {
        name: "purchases",
        matches: (c) => has(c, "sessionId", "ordernumber", "itemId"),
        spec: {
          map: { session: "sessionId", user: "userId", ts: "eventdate", order: "ordernumber", item: "itemId" },
          tsOffset: "timeframe",
          constantEvent: "purchase",
          nullValues: ["NA"],
        },
      },
      {
        name: "item-views",
        matches: (c) => has(c, "session_id", "item_id", "eventdate"),
        spec: {
          map: { session: "session_id", user: "user_id", item: "item_id", ts: "eventdate" },
          tsOffset: "timeframe",
          constantEvent: "view",
          nullValues: ["NA"],
        },
      },
    ],
  },
  {
    name: "yoochoose",
    description: "YOOCHOOSE / RecSys Challenge 2015 clicks or buys (.dat, no header)",
    headerless: true,
    variants: [
      {
        name: "buys",
        matches: (_c, n) => n === 5,
        spec: {
          header: ["session_id", "timestamp", "item_id", "price", "quantity"],
          map: { session: "session_id", ts: "timestamp", item: "item_id", price: "price", quantity: "quantity" },
          constantEvent: "purchase",
        },
      },
      {
        name: "clicks",
        matches: (_c, n) => n === 4,
        spec: {
          header: ["session_id", "timestamp", "item_id", "category"],
          map: { session: "session_id", ts: "timestamp", item: "item_id", category: "category" },
          constantEvent: "view",
        },
      },
    ],
  },
  {
    name: "uci-retail",
    description: "UCI Online Retail invoice lines (InvoiceNo,StockCode,...,CustomerID); cancellations become returns",
    headerless: false,
    variants: [
      {
        name: "invoice-lines",
        matches: always,
        spec: {
          map: {
            order: "InvoiceNo",
            session: "InvoiceNo",
            item: "StockCode",
            quantity: "Quantity",
            ts: "InvoiceDate",
            price: "UnitPrice",
            user: "CustomerID",
          },
          constantEvent: "purchase",
          returnPrefix: { column: "InvoiceNo", prefix: "C" },
          negativeQuantityIsReturn: true,
          tz: "Europe/London",
          dateOrder: "mdy",
        },
      },
    ],
  },
  {
    name: "movielens",
    description: "MovieLens ratings as implicit views (u.data, ratings.csv or ratings.dat)",
    headerless: true,
    variants: [
      {
        name: "ratings.csv",
        matches: (c) => has(c, "userId", "movieId", "timestamp"),
        spec: { map: { user: "userId", item: "movieId", ts: "timestamp" }, constantEvent: "view" },
      },
      {
        // "::"-separated: split on ":" leaves empty columns in between
        name: "ratings.dat",
        matches: (_c, n) => n === 7,
        spec: {
          header: ["user_id", "_1", "item_id", "_2", "rating", "_3", "timestamp"],
          delimiter: ":",
          map: { user: "user_id", item: "item_id", ts: "timestamp" },
          constantEvent: "view",
        },
      },
      {
        name: "u.data",
        matches: (_c, n) => n === 4,
        spec: {
          header: ["user_id", "item_id", "rating", "timestamp"],
          delimiter: "\t",
          map: { user: "user_id", item: "item_id", ts: "timestamp" },
          constantEvent: "view",
        },
      },
    ],
  },
  ...ANALYTICS_PRESETS,
];

export function findPreset(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name.toLowerCase());
}
