#!/usr/bin/env node
// Prints the size of both steps of the search index of a built reference (what the first
// keystroke loads, and the details loaded after it) and how long each keystroke's search takes,
// as medians of many runs, for name, id, field, description, filter and type queries.
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
  const detailsScript = readFileSync(join(out, "site", "search-details.js"));
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
  const evaluate = (code, global) => {
    const sandbox = { window: {} };
    runInNewContext(code.toString("utf8"), sandbox);
    return sandbox.window[global];
  };
  const size = (bytes) => `${(bytes.length / 1024).toFixed(1)} KiB, ` +
    `${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(1)} KiB gzipped`;

  let index;
  const load = time(50, () => { index = evaluate(script, "tldocSearchIndex"); });
  let details;
  const loadDetails = time(50, () => { details = evaluate(detailsScript, "tldocSearchDetails"); });
  const entries = index.methods.length + index.constructors.length + index.types.length + index.errors.length;
  console.log(`first step (search-index.js, the first keystroke): ${entries} entries, ${size(script)}; ` +
    `evaluated in ${load.toFixed(2)} ms (target: under 300 KiB, 80 KiB gzipped)`);
  console.log(`second step (search-details.js): ${size(detailsScript)}; evaluated in ${loadDetails.toFixed(2)} ms`);
  // The first search of an index (or of its details) prepares what later ones read once.
  const first = time(1, () => search(index, "a", details));
  console.log(`first search after both steps load (prepares them): ${first.toFixed(2)} ms`);

  const queries = [
    ["name", "resetauth"], ["name", "messages.sendmessage"], ["name", "inputpeer"], ["name", "user"],
    ["id", "df77f3bc"], ["id", "0xdf77f3bc"], ["id", "-545786948"],
    ["field", "random_id"], ["description", "upload file"],
    ["filter", "bot: send"], ["filter", "error:flood"],
    ["type", "InputPeer, string -> Updates"], ["type", "-> messages.Messages"], ["type", "InputPeer ->"],
    ["none", "xyzzy"]
  ];
  let slowest = 0;
  for (const [kind, query] of queries) {
    const keystrokes = [];
    for (let length = 1; length <= query.length; length++) {
      const prefix = query.slice(0, length);
      keystrokes.push(time(200, () => search(index, prefix, details)));
    }
    const results = search(index, query, details).groups.reduce((sum, group) => sum + group.count, 0);
    slowest = Math.max(slowest, ...keystrokes);
    console.log(`${kind} "${query}": per keystroke median ${median([...keystrokes]).toFixed(3)} ms, ` +
      `slowest keystroke ${Math.max(...keystrokes).toFixed(3)} ms (${query.length} keystrokes, ${results} results)`);
  }
  console.log(`slowest keystroke of all: ${slowest.toFixed(3)} ms (target: under 50 ms)`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
