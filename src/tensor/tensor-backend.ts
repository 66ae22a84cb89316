import { CartliftError, UsageError } from "../errors.js";

import { TENSOR_BACKENDS, type TensorBackendChoice } from "./backend-choice.js";

export { TENSOR_BACKENDS, type TensorBackendChoice };

export type Tf = typeof import("@tensorflow/tfjs");

export interface TensorLib {
  tf: Tf;
  /** The backend that runs: "tensorflow" (tfjs-node), "wasm" or "cpu". */
  backend: string;
}

// tfjs-node is an optional dependency (its install downloads libtensorflow, which fails offline), so it
// is imported by a name TypeScript does not resolve at build time.
const TFJS_NODE = "@tensorflow/tfjs-node";

/** A backend name from a flag or a model spec (`where` names it in the error). */
export function tensorBackendChoice(text: string, where: string): TensorBackendChoice {
  if (!(TENSOR_BACKENDS as readonly string[]).includes(text))
    throw new UsageError(`${where}: "${text}" is not one of ${TENSOR_BACKENDS.join(", ")}`);
  return text as TensorBackendChoice;
}

const loading = new Map<TensorBackendChoice, Promise<TensorLib>>();

/**
 * TensorFlow.js with the chosen backend, imported on first use so that commands without dense work
 * (and the serving loader) never load it. `auto` tries tfjs-node, then wasm, then cpu.
 */
export function tensorLib(choice: TensorBackendChoice = "auto"): Promise<TensorLib> {
  tensorBackendChoice(choice, "--backend");
  let lib = loading.get(choice);
  if (!lib) {
    lib = load(choice);
    loading.set(choice, lib);
  }
  // the backend is global to tfjs: another choice may have switched it since
  return lib.then(async (l) => {
    if (l.tf.getBackend() !== l.backend) await l.tf.setBackend(l.backend);
    return l;
  });
}

async function load(choice: TensorBackendChoice): Promise<TensorLib> {
  if (choice === "node" || choice === "auto") {
    const tf = await importTfjsNode();
    if (tf) return ready(tf, "tensorflow");
    if (choice === "node")
      throw new CartliftError(
        "backend_unavailable",
        "--backend node: @tensorflow/tfjs-node is not installed (its install downloads libtensorflow, which needs internet access)",
        "install it with `npm install @tensorflow/tfjs-node`, or use --backend wasm",
      );
  }
  const tf = await import("@tensorflow/tfjs");
  if (choice === "cpu") return ready(tf, "cpu");
  await import("@tensorflow/tfjs-backend-wasm");
  if (await tf.setBackend("wasm").catch(() => false)) return ready(tf, "wasm");
  if (choice === "wasm")
    throw new CartliftError(
      "backend_unavailable",
      "--backend wasm: the TensorFlow.js wasm backend failed to start",
      "use --backend cpu",
    );
  return ready(tf, "cpu");
}

async function importTfjsNode(): Promise<Tf | undefined> {
  try {
    return (await import(TFJS_NODE)) as Tf;
  } catch {
    return undefined;
  }
}

async function ready(tf: Tf, backend: string): Promise<TensorLib> {
  // production mode: no per-op NaN checks and no console banners (the cpu backend's tfjs-node advert)
  tf.enableProdMode();
  if (!(await tf.setBackend(backend)))
    throw new CartliftError(
      "backend_unavailable",
      `TensorFlow.js backend "${backend}" failed to start`,
      "try another --backend",
    );
  await tf.ready();
  return { tf, backend: tf.getBackend() };
}
