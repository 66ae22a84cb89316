/** Where TensorFlow.js runs the dense work: tfjs-node when installed, else wasm, else plain-JS cpu. */
export const TENSOR_BACKENDS = ["auto", "node", "wasm", "cpu"] as const;
export type TensorBackendChoice = (typeof TENSOR_BACKENDS)[number];
