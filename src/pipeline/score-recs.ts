/** `cartlift evaluate --recs --truth`: another tool's lists scored by the reference scorer's rules. */
export { scoreExternal } from "../evaluation/external.js";
