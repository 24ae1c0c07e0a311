// Validates every HTML page of a built site with html-validate, configured by the
// `.htmlvalidate.json` beside this script: the recommended preset, with two exceptions, since
// html-validate's config holds no comments, explained here. `valid-id` is relaxed to HTML's own
// rule (any id without spaces): a Changes page's anchors are the entities' names
// (`#method-messages.sendMessage`), dots and all, as the entities' histories link to them.
// `prefer-native-element` does not
// ask for a <select> in place of the search box's `role=listbox`: the results are the listbox of
// the WAI-ARIA combobox pattern, each a link with its name, what matched and a summary, grouped
// by kind, which the plain-text options of a <select> cannot hold; every other role the rule
// knows stays checked.
//
// The pages are shared among worker threads, one a core. Prints each error as
// `FILE:LINE:COLUMN rule: message`, at most five per rule, with each rule's count, and exits
// non-zero when there is any. Run by tests/pages.rs as
// `TLDOC_NPM_PACKAGES=DIR node html-validate.mjs SITE_DIR`.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { htmlPages } from "./site-pages.mjs";

const here = fileURLToPath(import.meta.url);

if (isMainThread) {
  const site = process.argv[2];
  const pages = htmlPages(site);
  if (!pages.length) throw new Error(`no pages in ${site}`);
  const workers = Math.max(1, Math.min(availableParallelism(), 4));
  const shares = Array.from({ length: workers }, (_, n) => pages.filter((_, at) => at % workers === n));
  const found = await Promise.all(shares.map((share) => new Promise((resolve, reject) => {
    const worker = new Worker(here, { workerData: { site, pages: share } });
    worker.once("message", resolve);
    worker.once("error", reject);
  })));
  const byRule = new Map();
  for (const messages of found) {
    for (const message of messages) {
      const seen = byRule.get(message.rule) || [];
      seen.push(message.line);
      byRule.set(message.rule, seen);
    }
  }
  if (byRule.size) {
    for (const [rule, lines] of byRule) {
      console.log(`${rule}: ${lines.length} errors`);
      for (const line of lines.slice(0, 5)) console.log(`  ${line}`);
    }
    process.exit(1);
  }
  console.log(`ok: html-validate (recommended) finds no error in ${pages.length} pages`);
} else {
  const { HtmlValidate, StaticConfigLoader } = createRequire(join(process.env.TLDOC_NPM_PACKAGES, "package.json"))("html-validate");
  const config = JSON.parse(readFileSync(join(dirname(here), ".htmlvalidate.json"), "utf8"));
  const validator = new HtmlValidate(new StaticConfigLoader(config));
  const messages = [];
  for (const page of workerData.pages) {
    const report = validator.validateStringSync(readFileSync(join(workerData.site, page), "utf8"), page);
    for (const result of report.results) {
      for (const m of result.messages) {
        messages.push({ rule: m.ruleId, line: `${page}:${m.line}:${m.column} ${m.ruleId}: ${m.message}` });
      }
    }
  }
  parentPort.postMessage(messages);
}
