import { EVENT_KINDS } from "../data/event-kind.js";
import { InputError } from "../errors.js";
import { readDataset } from "../io/read-dataset.js";
import { loadModel, type ServingHistoryEvent } from "../serving/serving-model.js";

/** `cartlift recommend --data --user`: what this user would see now, from their last events in the dataset. */
export function recommendForUser(
  modelPath: string,
  data: string,
  user: string,
  o: { k: number; now?: number; maxHistory: number; excludeHistory: boolean },
) {
  const model = loadModel(modelPath);
  const { table: t } = readDataset(data);
  const code = t.dicts.user.lookup(user);
  if (code < 0)
    throw new InputError("unknown_user", `${data}: no user "${user}"`, {
      file: data,
      hint: "ids are compared as text, as ingested",
    });
  const history: ServingHistoryEvent[] = [];
  // the table is sorted by user, then time: the user's events are one run
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t.user[mid] < code) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < t.length && t.user[i] === code; i++) {
    if (o.now !== undefined && !(t.ts[i] < o.now)) break;
    history.push({ item: t.dicts.item.get(t.item[i]), event: EVENT_KINDS[t.kind[i]], ts: t.ts[i] });
  }
  const recent = history.slice(-o.maxHistory);
  const r = model.recommend({
    history: recent,
    k: o.k,
    now: o.now,
    exclude: o.excludeHistory ? recent.map((e) => e.item) : undefined,
  });
  return { model: modelPath, user, historyEvents: recent.length, ...r };
}
