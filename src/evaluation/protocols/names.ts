/** The evaluation protocols by name (apart from their code, so the CLI can list them without loading it). */
export const PROTOCOLS = [
  "session-next",
  "session-future",
  "user-holdout",
  "empty-cart",
  "add-to-cart",
  "abandoned-cart",
] as const;
export type Protocol = (typeof PROTOCOLS)[number];
