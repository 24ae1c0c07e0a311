// The pages of a built site in headless Chromium, served under the path of its base URL as a
// host would serve it (a missing page gets `404.html` with status 404):
// - axe-core (WCAG 2.0 A and AA, 2.1 AA and best practices) finds nothing on the pages named on
//   the command line, nor on the home page with the search box's results open, nor on a missing
//   page three folders deep, in light and dark at 1400 px and 390 px;
// - the keyboard: the search results' "All N" line is an option the arrows reach and Enter opens,
//   Tab leaves the box and closes the list; the example tabs follow the WAI-ARIA tabs pattern
//   (arrows, Home, End); the theme switch says whether it is pressed; the skip link before a TL
//   definition takes Tab past its links;
// - without JavaScript the search form goes to the search page and every example is shown;
// - the 404 page, three folders deep, is styled and every link on it leads to a page;
// - every page is no wider than a phone's viewport at 390 px and at 320 px.
// Run by tests/pages.rs as
// `CHROMIUM=PATH TLDOC_NPM_PACKAGES=DIR node pages-browser.mjs SITE_DIR /BASE/PATH/ PAGE...`;
// exits non-zero with the reason on any failure.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { extname, join, normalize } from "node:path";
import { htmlPages } from "./site-pages.mjs";

const require = createRequire(join(process.env.TLDOC_NPM_PACKAGES, "package.json"));
const { chromium } = require("playwright-core");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const [site, prefix, ...representative] = process.argv.slice(2);
const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml",
  ".ico": "image/x-icon", ".xml": "application/xml", ".json": "application/json", ".md": "text/markdown"
};

const server = createServer(async (request, response) => {
  const url = new URL(request.url, "http://x");
  const path = decodeURIComponent(url.pathname);
  const inside = path.startsWith(prefix) ? normalize(path.slice(prefix.length)).replace(/^(\.\.[/\\])+/, "") : null;
  try {
    if (inside === null) throw new Error("outside the site");
    const file = inside === "" || inside.endsWith("/") ? inside + "index.html" : inside;
    const body = await readFile(join(site, file));
    response.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
    response.end(body);
  } catch {
    response.writeHead(404, { "content-type": TYPES[".html"] });
    response.end(await readFile(join(site, "404.html")));
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}${prefix}`;

const failures = [];
function fail(message) {
  failures.push(message);
  console.log(`FAIL: ${message}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"]
});

// The violations axe finds on `page` as it is now, one line each.
async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] }
  }));
  return result.violations.map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")})`);
}

// Opens the search box of `page`, types `query` and waits for its results.
async function openSearch(page, query) {
  await page.keyboard.press("/");
  await page.keyboard.type(query);
  await page.waitForSelector("#search-results:not([hidden]) [role=option][aria-selected=true]");
}

const modes = [
  { name: "light, 1400 px", colorScheme: "light", viewport: { width: 1400, height: 900 } },
  { name: "dark, 1400 px", colorScheme: "dark", viewport: { width: 1400, height: 900 } },
  { name: "light, 390 px", colorScheme: "light", viewport: { width: 390, height: 844 } },
  { name: "dark, 390 px", colorScheme: "dark", viewport: { width: 390, height: 844 } }
];
try {
  for (const mode of modes) {
    const context = await browser.newContext({ colorScheme: mode.colorScheme, viewport: mode.viewport });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(error.message));
    let runs = 0;
    for (const path of representative) {
      await page.goto(base + path);
      for (const violation of await axe(page)) fail(`axe, ${mode.name}: ${path}: ${violation}`);
      runs++;
    }
    await page.goto(base + "index.html");
    await openSearch(page, "message");
    for (const violation of await axe(page)) fail(`axe, ${mode.name}: the search box's results: ${violation}`);
    const missing = await page.goto(base + "a/b/c/missing");
    if (missing.status() !== 404) fail(`the missing page answered ${missing.status()}`);
    for (const violation of await axe(page)) fail(`axe, ${mode.name}: a/b/c/missing: ${violation}`);
    if (errors.length) fail(`${mode.name}: script errors: ${errors.join("; ")}`);
    console.log(`ok: axe, ${mode.name}: ${runs + 2} pages`);
    await context.close();
  }

  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();

  // The search box: "All N" is the last option of its group, reached with the arrows.
  await page.goto(base + "index.html");
  await openSearch(page, "message");
  const all = await page.$$eval("#search-results [role=option]", (options) => options.findIndex((o) => o.classList.contains("search-more")));
  if (all < 0) fail("the search for message offers no All N option");
  for (let step = 0; step < all; step++) await page.keyboard.press("ArrowDown");
  const active = await page.evaluate(() => {
    const input = document.getElementById("search-input");
    const option = document.getElementById(input.getAttribute("aria-activedescendant"));
    return option && option.textContent;
  });
  if (!active || !/^All \d+ /.test(active)) fail(`the arrows reach ${active}, not the All N option`);
  await Promise.all([page.waitForURL(/search\.html\?q=message$/), page.keyboard.press("Enter")]);
  await page.goto(base + "index.html");
  await openSearch(page, "message");
  await page.keyboard.press("Tab");
  const closed = await page.evaluate(() => ({
    hidden: document.getElementById("search-results").hidden,
    expanded: document.getElementById("search-input").getAttribute("aria-expanded"),
    inList: document.getElementById("search-results").contains(document.activeElement)
  }));
  if (!closed.hidden || closed.expanded !== "false" || closed.inList) fail(`Tab leaves the results open: ${JSON.stringify(closed)}`);
  console.log("ok: the search box's All N option is reached with the arrows; Tab closes the list");

  // The example tabs.
  await page.goto(base + "methods/messages.sendMessage.html");
  const tabState = () => page.evaluate(() => {
    const tabs = [...document.querySelectorAll('#examples ~ .tabs [role="tab"], .tabs [role="tab"]')];
    return {
      selected: tabs.filter((t) => t.getAttribute("aria-selected") === "true").map((t) => t.textContent),
      focused: document.activeElement.getAttribute("role") === "tab" ? document.activeElement.textContent : null,
      shown: [...document.querySelectorAll('[role="tabpanel"]')].filter((p) => !p.hidden).map((p) => p.getAttribute("aria-labelledby")),
      labels: tabs.map((t) => t.textContent),
      ids: tabs.map((t) => t.id)
    };
  });
  await page.focus('[role="tab"][aria-selected="true"]');
  const first = await tabState();
  const expect = async (key, index) => {
    await page.keyboard.press(key);
    const state = await tabState();
    const want = first.labels[index];
    if (state.selected.join() !== want || state.focused !== want || state.shown.join() !== first.ids[index]) {
      fail(`tabs: ${key} gives ${JSON.stringify(state)}, not ${want} alone`);
    }
  };
  const last = first.labels.length - 1;
  if (last < 1) fail("messages.sendMessage has fewer than two example tabs");
  await expect("End", last);
  await expect("Home", 0);
  await expect("ArrowLeft", last);
  await expect("ArrowRight", 0);
  await expect("ArrowRight", 1);
  console.log(`ok: the example tabs (${first.labels.join(", ")}) follow the arrows, Home and End`);

  // The theme switch.
  const pressed = () => page.$eval(".theme-switch", (b) => [b.getAttribute("aria-pressed"), document.documentElement.dataset.theme || ""]);
  const before = await pressed();
  await page.click(".theme-switch");
  const after = await pressed();
  if (before[0] !== "false" || after.join() !== "true,dark") fail(`the theme switch goes from ${before} to ${after}`);
  await page.click(".theme-switch");
  console.log("ok: the theme switch says whether the dark theme is on");

  // The skip link before the definition.
  await page.goto(base + "methods/messages.sendMessage.html");
  await page.focus(".skip-inline");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  const landed = await page.evaluate(() => ({
    inDefinition: !!document.activeElement.closest("pre.tl"),
    inParameters: !!document.activeElement.closest('section[aria-labelledby="parameters"]')
  }));
  if (landed.inDefinition || !landed.inParameters) fail(`after the skip link, Tab reaches ${JSON.stringify(landed)}`);
  console.log("ok: the skip link takes Tab past the definition's links to the parameters");

  // The 404 page, deep down: styled, and every link leads to a page.
  await page.goto(base + "a/b/c/missing");
  const styled = await page.$eval("header.top", (header) => getComputedStyle(header).borderBottomStyle);
  if (styled !== "solid") fail("the 404 page three folders deep is not styled");
  const hrefs = await page.$$eval("a[href], link[href]", (links) => links
    .filter((l) => !l.getAttribute("href").startsWith("#"))
    .map((l) => l.href)
    .filter((h) => h.startsWith(location.origin)));
  for (const href of new Set(hrefs.map((h) => h.split("#")[0]))) {
    const response = await page.request.get(href);
    if (response.status() !== 200) fail(`the 404 page three folders deep links to ${href}, which answers ${response.status()}`);
  }
  console.log(`ok: the 404 page three folders deep is styled and its ${hrefs.length} links lead to pages`);
  await context.close();

  // Without JavaScript.
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const noScript = await plain.newPage();
  await noScript.goto(base + "methods/messages.sendMessage.html");
  const shown = await noScript.$$eval(".tab-panel", (panels) => panels.filter((p) => p.offsetHeight > 0 && p.querySelector("h3").offsetHeight > 0).length);
  const panels = await noScript.$$eval(".tab-panel", (p) => p.length);
  if (shown !== panels || panels < 2) fail(`without JavaScript ${shown} of ${panels} examples show with their headings`);
  await noScript.fill("#search-input", "resetauth");
  await Promise.all([noScript.waitForURL(/search\.html\?q=resetauth$/), noScript.press("#search-input", "Enter")]);
  console.log("ok: without JavaScript every example shows and the search form goes to the search page");
  await plain.close();

  // The pages at 390 and 320 px: every page with TLDOC_EVERY_PAGE=1 (some 20 minutes for the
  // 3,200 pages of layer 190 on two busy cores, too long for every CI run); otherwise the
  // representative pages and one in six of the rest, a fixed stride through every folder.
  const everyPage = htmlPages(site).sort();
  const every = process.env.TLDOC_EVERY_PAGE === "1";
  const pages = every ? everyPage : everyPage.filter((path, at) => at % 6 === 0 || representative.includes(path));
  const narrow = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const tabs = await Promise.all([narrow.newPage(), narrow.newPage()]);
  let wide = 0;
  await Promise.all(tabs.map(async (tab, n) => {
    for (let at = n; at < pages.length; at += tabs.length) {
      await tab.setViewportSize({ width: 390, height: 844 });
      await tab.goto(base + pages[at]);
      for (const width of [390, 320]) {
        if (width !== 390) await tab.setViewportSize({ width, height: 844 });
        const over = await tab.evaluate(() => {
          const limit = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth <= limit) return null;
          const culprits = [...document.body.querySelectorAll("*")]
            .filter((e) => e.getBoundingClientRect().right > limit + 0.5 && ![...e.children].some((c) => c.getBoundingClientRect().right > limit + 0.5))
            .slice(0, 3)
            .map((e) => `${e.tagName.toLowerCase()}${e.className ? "." + e.className : ""} (${Math.round(e.getBoundingClientRect().right)} px)`);
          return `${document.documentElement.scrollWidth} px wide: ${culprits.join(", ")}`;
        });
        if (over && wide++ < 20) fail(`${pages[at]} at ${width} px is ${over}`);
      }
    }
  }));
  if (wide) fail(`${wide} page widths wider than the viewport`);
  else if (every) console.log(`ok: all ${pages.length} pages fit 390 px and 320 px`);
  else console.log(`ok: ${pages.length} of the ${everyPage.length} pages fit 390 px and 320 px (TLDOC_EVERY_PAGE=1 checks them all)`);
  await narrow.close();
} finally {
  await browser.close();
  server.close();
}
if (failures.length) {
  console.log(`${failures.length} failures`);
  process.exit(1);
}
