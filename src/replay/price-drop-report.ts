import type { MeanWithInterval, MomentPolicyResult, MomentReportBase } from "./moment-report.js";
import type { CadenceWeek } from "../prices/cadence.js";
import type { SignalEffect } from "../prices/drop-effects.js";

/** `cartlift replay price-drop`: the period's drops, who an alert would reach, what they did, and what drops did. */
export interface PriceDropReport extends MomentReportBase {
  moment: "price-drop";
  rules: {
    minDrop: number;
    referenceWindowDays: number;
    minObservations: number;
    restoreShare: number;
    lookbackDays: number;
  };
  /** Who the audience is: the signals, or previous buyers in a log of purchases only. */
  audienceNote: string;
  moments: {
    /** Alerts: audience members of the period's drops (one per drop and user). */
    moments: number;
    users: number;
    drops: number;
    dropsWithAudience: number;
    momentsBeforePeriod: number;
    bySignal: Record<string, { moments: number; share: number }>;
    /** Per window from the drop: the dropped item bought, and anything bought, with bootstrap intervals. */
    outcomes: Record<string, { boughtDropped: MeanWithInterval; boughtAnything: MeanWithInterval }>;
    /** The same, per signal (rates only). */
    outcomesBySignal: Record<string, Record<string, { boughtDropped: number; boughtAnything: number }>>;
  };
  cadence: {
    weeks: CadenceWeek[];
    dropsPerWeek: number;
    alertsPerWeek: number;
    usersWithMoreThanOneAlertPerWeek: number;
    maxAlertsToOneUserInAWeek: number;
  };
  /** "What drops did": matched comparison, observational. */
  dropEffect: {
    design: string;
    observational: string;
    controlItemsPerDrop: number;
    bySignal: SignalEffect[];
  };
  policies: MomentPolicyResult[];
}
