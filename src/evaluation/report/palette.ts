/**
 * Okabe & Ito's colour-blind-safe palette ("Color Universal Design", 2008): its eight colours stay distinct under
 * protanopia, deuteranopia and tritanopia. Yellow comes last (weak on white); series i always gets the same colour.
 */
export const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"];
export const seriesColor = (i: number): string => PALETTE[i % PALETTE.length];
