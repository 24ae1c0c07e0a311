#!/usr/bin/env node
// Prints the size of the search index of a built reference and how long each keystroke's search
// takes, as medians of many runs.
//
// Usage: node bench/search.mjs [SITE]   (default: ../shared/telegram-190, built here first)
//
// Each query is typed a letter at a time, as a reader types it, and every prefix is searched
// (that is what the page does on each keystroke); each keystroke is timed 200 times and the
// median kept. Figures come from Node.js's V8, the engine of Chromium, on this machine.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const source = process.argv[2] || join(root, "..", "shared", "telegram-190");
if (!existsSync(join(source, "schema"))) {
  console.log(`skipped: no site at ${source} (the shared data is absent)`);
  process.exit(0);
}
const out = mkdtempSync(join(tmpdir(), "tldoc-search-"));
try {
  try {
    execFileSync("cargo", ["run", "--release", "--quiet", "--", "build", source, "-o", join(out, "site")],
      { cwd: root, stdio: "pipe" });
  } catch (error) {
    process.stderr.write(error.stderr || String(error));
    process.exit(1);
  }
  const script = readFileSync(join(out, "site", "search-index.js"));
  const { search } = createRequire(import.meta.url)(join(root, "themes", "default", "search.js"));

  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const time = (runs, work) => {
    const samples = [];
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint();
      work();
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return median(samples);
  };

  let index;
  const load = time(50, () => {
    const sandbox = { window: {} };
    runInNewContext(script.toString("utf8"), sandbox);
    index = sandbox.window.tldocSearchIndex;
  });
  const entries = index.methods.length + index.constructors.length + index.types.length;
  console.log(`index: ${entries} entries, ${(script.length / 1024).toFixed(1)} KiB, ` +
    `${(gzipSync(script, { level: 9 }).length / 1024).toFixed(1)} KiB gzipped; evaluated in ${load.toFixed(2)} ms`);

  for (const query of ["resetauth", "messages.sendmessage", "inputpeer", "user", "upload file", "xyzzy"]) {
    const keystrokes = [];
    for (let length = 1; length <= query.length; length++) {
      const prefix = query.slice(0, length);
      keystrokes.push(time(200, () => search(index, prefix)));
    }
    const results = search(index, query).groups.reduce((sum, group) => sum + group.count, 0);
    console.log(`"${query}": per keystroke median ${median([...keystrokes]).toFixed(3)} ms, ` +
      `slowest keystroke ${Math.max(...keystrokes).toFixed(3)} ms (${query.length} keystrokes, ${results} results)`);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
