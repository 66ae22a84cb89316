// Where a command's wall time goes, from Linux's scheduler statistics: runs the command as a child and samples
// /proc/<pid>/task/*/schedstat (per thread: ns on a CPU, ns runnable but waiting for one, timeslices) until it exits.
// On a shared machine the gap between wall and CPU time is mostly waiting for a CPU (other jobs hold both cores);
// what is left (wall - running - waiting, on the main thread) is sleep: I/O, page faults served from disk, waiting for
// workers. Threads that exit between samples lose at most one sample period of their figures.
import { spawn } from "node:child_process";
import { setInterval, clearInterval } from "node:timers";
import { readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";

const SAMPLE_MS = 100;

function threads(pid, seen) {
  let tids;
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return;
  }
  for (const tid of tids) {
    try {
      const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ").map(Number);
      let name = "";
      try {
        name = readFileSync(`/proc/${pid}/task/${tid}/comm`, "utf8").trim();
      } catch {
        /* gone */
      }
      seen.set(tid, { run, wait, name: name || seen.get(tid)?.name || "" });
    } catch {
      /* the thread exited between the listing and the read */
    }
  }
}

/**
 * Runs `cmd args` (stdout collected), sampling its threads' scheduler statistics. Returns wall seconds, CPU seconds
 * (user and system, from /usr/bin/time), peak RSS, and per the main thread and all threads: seconds running and
 * seconds runnable but waiting for a CPU; the load average at the start and the end.
 */
export function profiled(cmd, args) {
  return new Promise((resolve, reject) => {
    const load0 = loadavg()[0];
    const started = performance.now();
    const child = spawn("/usr/bin/time", ["-f", "%e %M %U %S", cmd, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    let err = "";
    child.stdout.on("data", (b) => out.push(b));
    child.stderr.on("data", (b) => (err += b));
    const seen = new Map();
    let pid = null;
    const sample = () => {
      if (pid === null) {
        // the command is /usr/bin/time's child
        try {
          const kids = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, "utf8").trim();
          if (kids) pid = Number(kids.split(" ")[0]);
        } catch {
          /* not yet */
        }
      }
      if (pid !== null) threads(pid, seen);
    };
    const timer = setInterval(sample, SAMPLE_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(timer);
      if (code !== 0) return reject(new Error(`${cmd} ${args.join(" ")} failed:\n${err.slice(-2000)}`));
      const [wall, kb, user, sys] = err.trim().split("\n").pop().split(" ").map(Number);
      const all = [...seen.values()];
      const main = seen.get(String(pid)) ?? { run: 0, wait: 0 };
      const s = (ns) => ns / 1e9;
      resolve({
        wall,
        measuredWall: (performance.now() - started) / 1000,
        cpu: user + sys,
        user,
        system: sys,
        rssMB: kb / 1024,
        main: { running: s(main.run), waiting: s(main.wait) },
        threads: {
          count: all.length,
          running: s(all.reduce((a, t) => a + t.run, 0)),
          waiting: s(all.reduce((a, t) => a + t.wait, 0)),
        },
        load: [load0, loadavg()[0]],
        stdout: Buffer.concat(out).toString("utf8"),
      });
    });
  });
}

/** One line: wall, CPU, and where the main thread's wall time went. */
export function describeProfile(p) {
  const other = Math.max(0, p.wall - p.main.running - p.main.waiting);
  return (
    `${p.wall.toFixed(1)} s wall, ${p.cpu.toFixed(1)} s CPU (user ${p.user.toFixed(1)}, system ${p.system.toFixed(1)}), ` +
    `peak RSS ${p.rssMB.toFixed(0)} MB, load average ${p.load[0].toFixed(1)} -> ${p.load[1].toFixed(1)}; ` +
    `main thread: running ${p.main.running.toFixed(1)} s, waiting for a CPU ${p.main.waiting.toFixed(1)} s, ` +
    `asleep (I/O, workers) ${other.toFixed(1)} s; all ${p.threads.count} threads: running ` +
    `${p.threads.running.toFixed(1)} s, waiting for a CPU ${p.threads.waiting.toFixed(1)} s`
  );
}
