import { CASE_STUDY, type ResponseAssumptions } from "./response-model.js";

/**
 * Each moment's default response assumptions. Empty-cart's are a published case's widget figures; no published
 * figure exists for an add-to-cart widget or for cart reminders, so theirs are round placeholders, said as such in
 * every report (`assumptions.source`), to replace with the shop's own.
 */
export const RESPONSE_DEFAULTS: Record<string, ResponseAssumptions & { openRate?: number }> = {
  "empty-cart": CASE_STUDY,
  "add-to-cart": { engagementRate: 0.03, clickToOrder: 0.2 },
  // reminders: opened, then clicked per open, then ordered per click
  "abandoned-cart": { openRate: 0.4, engagementRate: 0.1, clickToOrder: 0.2 },
};
