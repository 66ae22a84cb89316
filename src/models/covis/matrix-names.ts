/** The neighbour lists a co-visitation model can hold (docs/covis.md). */
export const MATRIX_NAMES = ["covisit", "buy2buy", "cart2buy"] as const;
export type MatrixName = (typeof MATRIX_NAMES)[number];
