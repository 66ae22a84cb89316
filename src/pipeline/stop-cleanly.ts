import { removeAllTemps } from "../io/temp-files.js";

/**
 * What an interrupted command leaves: nothing. Removes the temporary files and folders and the locks this process still
 * holds; outputs are renamed into place only when complete, so the previous ones stay as they were.
 */
export function removeUnfinishedOutputs(): void {
  removeAllTemps();
}
