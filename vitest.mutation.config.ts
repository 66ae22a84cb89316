import { defineConfig } from "vitest/config";

// The unit tests of one mutated folder (scripts/mutation.mjs sets them); slow integration tests stay out.
const include = (process.env.CARTLIFT_MUTATION_TESTS ?? "test/**/*.test.ts").split(",");
const skip = process.env.CARTLIFT_MUTATION_SKIP;

export default defineConfig({
  test: {
    include,
    // Stryker's first run is instrumented for coverage and, on a busy machine, 2-3x slower than `npm test`.
    testTimeout: 180_000,
    ...(skip ? { testNamePattern: new RegExp(`^(?!.*(${skip}))`) } : {}),
  },
});
