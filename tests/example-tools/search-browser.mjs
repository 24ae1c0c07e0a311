// Drives the built site's search in headless Chromium with the keyboard alone, over HTTP and from
// file://: `/` focuses the box, typing `resetauth` lists account.resetAuthorization first, Enter
// opens it; `?q=` with an exact name opens that page directly. Then the queries of issue 17: an
// id in hex and in signed decimal finds its method first, `flood` reaches the page of the error
// FLOOD_WAIT_X, `InputPeer, string -> Updates` lists messages.sendMessage, and `bot: send` lists
// only methods bots may use (as the index, and each method's page, say). Last, the copy button
// of a TL definition, reached with Tab, copies it and says "Copied" in the status region. Run by
// tests/search.rs as `CHROMIUM=PATH TLDOC_NPM_PACKAGES=DIR node search-browser.mjs SITE_DIR`, DIR
// holding the node_modules that `npm ci` installed from package-lock.json; exits non-zero with
// the reason on any failure.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { runInNewContext } from "node:vm";
import { extname, join, normalize } from "node:path";
import { pathToFileURL } from "node:url";

// An ES module resolves packages beside itself, never through NODE_PATH: hence a `require` made
// for the install directory.
const { chromium } = createRequire(join(process.env.TLDOC_NPM_PACKAGES, "package.json"))("playwright-core");

const site = process.argv[2];
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".xml": "application/xml" };

// A static server for the built site, on a free loopback port.
const server = createServer(async (request, response) => {
  const path = normalize(decodeURIComponent(new URL(request.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
  try {
    const body = await readFile(join(site, path.endsWith("/") ? path + "index.html" : path));
    response.writeHead(200, { "content-type": TYPES[extname(path)] || "application/octet-stream" });
    response.end(body);
  } catch {
    response.writeHead(404);
    response.end();
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const http = `http://127.0.0.1:${server.address().port}/`;
const file = pathToFileURL(site).href + "/";

// Which methods bots may use, by the index the site was built with.
const sandbox = { window: {} };
runInNewContext(readFileSync(join(site, "search-index.js"), "utf8"), sandbox);
const botMethods = new Set(sandbox.window.tldocSearchIndex.methods.filter((m) => m[3] & 1).map((m) => m[0]));

// Types `query` into the search box of `page` (focused with `/`, emptied first) and returns the
// names the listbox offers, once it offers some.
async function offered(page, query) {
  await page.keyboard.press("/");
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Backspace");
  await page.keyboard.type(query);
  await page.waitForFunction((typed) => {
    const list = document.getElementById("search-results");
    return document.getElementById("search-input").value === typed && !list.hidden &&
      list.querySelector("[role=option][aria-selected=true]");
  }, query);
  return page.$$eval("#search-results [role=option] code", (codes) => codes.map((code) => code.textContent));
}

// Presses ArrowDown until the active option is `name`, then Enter; returns the heading reached.
async function choose(page, name, base, url) {
  for (let step = 0; step < 40; step++) {
    const selected = await page.textContent("[role=option][aria-selected=true] code");
    if (selected === name) break;
    await page.keyboard.press("ArrowDown");
  }
  await Promise.all([page.waitForURL(url), page.keyboard.press("Enter")]);
  return page.textContent("h1 code");
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"]
});
try {
  for (const base of [http, file]) {
    const context = await browser.newContext();
    if (base === http) await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: http });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(base + "methods/messages.sendMessage.html");
    await page.keyboard.press("/");
    await page.keyboard.type("resetauth");
    await page.waitForSelector("#search-results:not([hidden]) [role=option][aria-selected=true]");
    const selected = await page.textContent("[role=option][aria-selected=true] code");
    if (selected !== "account.resetAuthorization") throw new Error(`${base}: first result is ${selected}`);
    // Down and back up again, as a reader looking at the next result would.
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowUp");
    await Promise.all([page.waitForURL(/methods\/account\.resetAuthorization\.html$/), page.keyboard.press("Enter")]);
    const title = await page.textContent("h1 code");
    if (title !== "account.resetAuthorization") throw new Error(`${base}: landed on ${title}`);

    await page.goto(base + "types/index.html?q=messages.sendMessage");
    await page.waitForURL(/methods\/messages\.sendMessage\.html$/);
    await page.goto(base + "search.html?q=resetauth");
    await page.waitForSelector("#search-page-results h2");
    const groups = await page.$$eval("#search-page-results h2", (headings) => headings.map((h) => h.textContent));
    if (!groups[0].startsWith("Methods (")) throw new Error(`${base}: search page groups ${groups}`);
    if (errors.length) throw new Error(`${base}: script errors: ${errors.join("; ")}`);
    const scheme = base.startsWith("http") ? "http" : "file";
    console.log(`ok: ${scheme}: resetauth → account.resetAuthorization with the keyboard`);

    for (const id of ["df77f3bc", "-545786948"]) {
      await page.goto(base + "index.html");
      const names = await offered(page, id);
      if (names[0] !== "account.resetAuthorization") throw new Error(`${base}: ${id} offers ${names}`);
      const reached = await choose(page, "account.resetAuthorization", base, /methods\/account\.resetAuthorization\.html$/);
      if (reached !== "account.resetAuthorization") throw new Error(`${base}: ${id} led to ${reached}`);
    }
    console.log(`ok: ${scheme}: df77f3bc and -545786948 → account.resetAuthorization`);

    await page.goto(base + "index.html");
    if (!(await offered(page, "flood")).includes("FLOOD_WAIT_X")) throw new Error(`${base}: flood offers no FLOOD_WAIT_X`);
    const error = await choose(page, "FLOOD_WAIT_X", base, /errors\/FLOOD_WAIT_X\.html$/);
    if (error !== "FLOOD_WAIT_X") throw new Error(`${base}: flood led to ${error}`);
    console.log(`ok: ${scheme}: flood → the page of FLOOD_WAIT_X`);

    const signature = await offered(page, "InputPeer, string -> Updates");
    if (!signature.includes("messages.sendMessage")) throw new Error(`${base}: the signature offers ${signature}`);
    const sent = await choose(page, "messages.sendMessage", base, /methods\/messages\.sendMessage\.html$/);
    if (sent !== "messages.sendMessage") throw new Error(`${base}: the signature led to ${sent}`);
    console.log(`ok: ${scheme}: InputPeer, string -> Updates lists messages.sendMessage`);

    const forBots = await offered(page, "bot: send");
    const notForBots = forBots.filter((name) => !botMethods.has(name));
    if (!forBots.includes("messages.sendMessage") || notForBots.length) {
      throw new Error(`${base}: bot: send offers ${forBots} (not for bots: ${notForBots})`);
    }
    // Every result on the search page, not only the first few the box shows.
    await page.goto(base + "search.html?q=" + encodeURIComponent("bot: send"));
    await page.waitForSelector("#search-page-results h2");
    const listed = await page.$$eval("#search-page-results li code", (codes) => codes.map((code) => code.textContent));
    const headings = await page.$$eval("#search-page-results h2", (hs) => hs.map((h) => h.textContent));
    if (headings.length !== 1 || !headings[0].startsWith("Methods") || listed.some((name) => !botMethods.has(name))) {
      throw new Error(`${base}: the search page for bot: send lists ${headings}: ${listed}`);
    }
    // And the page of one of them says so.
    await page.goto(base + `methods/${listed[0]}.html`);
    const bots = await page.textContent("dl.usability dd");
    if (bots !== "Yes") throw new Error(`${base}: ${listed[0]} says bots: ${bots}`);
    if (errors.length) throw new Error(`${base}: script errors: ${errors.join("; ")}`);
    console.log(`ok: ${scheme}: bot: send lists only the ${listed.length} methods bots may use`);

    await page.goto(base + "methods/account.resetAuthorization.html");
    let label = null;
    for (let step = 0; step < 80 && label !== "Copy the definition"; step++) {
      await page.keyboard.press("Tab");
      label = await page.evaluate(() => document.activeElement.getAttribute("aria-label"));
    }
    if (label !== "Copy the definition") throw new Error(`${base}: Tab never reaches the copy button`);
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.getElementById("copy-status").textContent === "Copied");
    if (base === http) {
      const copiedText = await page.evaluate(() => navigator.clipboard.readText());
      const definition = await page.textContent("pre.tl");
      if (copiedText !== definition || !copiedText.includes("account.resetAuthorization#df77f3bc")) {
        throw new Error(`${base}: copied ${JSON.stringify(copiedText)}`);
      }
    }
    if (errors.length) throw new Error(`${base}: script errors: ${errors.join("; ")}`);
    console.log(`ok: ${scheme}: the copy button, reached with Tab, copies the definition and says Copied`);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
