/** Tableau 10: distinguishable on screen and in print; series i always gets the same colour. */
export const PALETTE = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
];
export const seriesColor = (i: number): string => PALETTE[i % PALETTE.length];
