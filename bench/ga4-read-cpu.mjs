#!/usr/bin/env node
// One `cartlift ingest --preset ga4` run in this process, for bench/ga4.mjs: prints the report with the CPU seconds of
// the read phase (user + system, every thread: process.cpuUsage between the "read" and "sort" phases), the figure that
// carries on a shared machine, where the wall-clock time mostly measures the queue for the cores.
//
//   node bench/ga4-read-cpu.mjs <file> <out> [threads]

import { loadavg } from "node:os";
import { ingest } from "../dist/pipeline/ingest.js";

const [file, out, threads] = process.argv.slice(2);
const cpu = {};
const seconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const report = await ingest({
  inputs: [file],
  out,
  preset: "ga4",
  threads: threads ? Number(threads) : undefined,
  onPhase: (phase) => (cpu[phase] = seconds()),
});
const readCpu = (cpu.sort ?? seconds()) - cpu.read;
process.stdout.write(JSON.stringify({ ...report, readCpuSeconds: readCpu, loadAverage: loadavg() }) + "\n");
