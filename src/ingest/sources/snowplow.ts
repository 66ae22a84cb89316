import { ExploderBase, missingError, type Row } from "./exploder-base.js";
import { id, keysOf, num, obj, objects, type Obj } from "./nested-values.js";

const ACTION = "unstruct_event_com_snowplowanalytics_snowplow_ecommerce_snowplow_ecommerce_action_1";
const PRODUCT = "contexts_com_snowplowanalytics_snowplow_ecommerce_product_1";
const TRANSACTION = "contexts_com_snowplowanalytics_snowplow_ecommerce_transaction_1";

/**
 * Snowplow enriched events as JSON (the Analytics SDKs' transform of the enriched TSV), with the Snowplow e-commerce
 * plugin: the action (product_view, add_to_cart, remove_from_cart, checkout_step, transaction, refund, ...) in the
 * snowplow_ecommerce_action self-describing event, the products in product entities (contexts), the order id in the
 * transaction entity. Other events keep their event_name. The time is derived_tstamp (the device clock corrected by
 * the collector), else collector_tstamp; the user is user_id when set, else domain_userid; the session is
 * "<domain_userid>.<domain_sessionid>", which keeps the device id beside a logged-in user id. An event_id seen
 * before (the at-least-once pipeline's duplicates) is left out.
 */
export class SnowplowExploder extends ExploderBase {
  constructor() {
    super(
      "snowplow",
      {
        ts: "derived_tstamp|collector_tstamp",
        event: `${ACTION}.type|event_name`,
        user: "user_id|domain_userid",
        session: "domain_userid.domain_sessionid",
        item: `${PRODUCT}[].id`,
        price: `${PRODUCT}[].price`,
        quantity: `${PRODUCT}[].quantity`,
        category: `${PRODUCT}[].category`,
        order: `${TRANSACTION}[0].transaction_id`,
      },
      [
        "derived_tstamp",
        "collector_tstamp",
        "event_name",
        ACTION,
        "user_id",
        "domain_userid",
        "domain_sessionid",
        PRODUCT,
        TRANSACTION,
        "event_id",
      ],
    );
  }

  protected checkSample(file: string, sample: Obj[]): void {
    if (!sample.some((r) => ACTION in r || PRODUCT in r))
      throw missingError(
        file,
        `no e-commerce action or product entity (${ACTION}, ${PRODUCT})`,
        keysOf(sample),
        "track with the Snowplow e-commerce plugin, and transform the enriched TSV to JSON with an Analytics SDK",
      );
  }

  explode(r: Obj, emit: (row: Row) => void): string | null {
    const eventId = id(r.event_id);
    if (eventId !== null && this.isRepeat(String(eventId))) return "duplicate";
    const anonymous = id(r.domain_userid);
    const user = this.identity(id(r.user_id), anonymous);
    const ts = id(r.derived_tstamp) ?? id(r.collector_tstamp);
    const name = id(obj(r[ACTION])?.type) ?? id(r.event_name);
    const sid = id(r.domain_sessionid);
    // the device id is kept in the session id, beside a logged-in user id
    const session = sid === null ? null : anonymous === null ? sid : `${String(anonymous)}.${String(sid)}`;
    const order = id((objects(r[TRANSACTION]) ?? [])[0]?.transaction_id);
    const products = objects(r[PRODUCT]);
    if (!products || products.length === 0) {
      emit([ts, name, user, session, null, null, null, null, order]);
      return null;
    }
    for (const it of products)
      emit([ts, name, user, session, id(it.id), num(it.price), num(it.quantity), id(it.category), order]);
    return null;
  }
}
