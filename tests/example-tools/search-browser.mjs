// Drives the built site's search in headless Chromium with the keyboard alone, over HTTP and from
// file://: `/` focuses the box, typing `resetauth` lists account.resetAuthorization first, Enter
// opens it; `?q=` with an exact name opens that page directly. Run by tests/search.rs as
// `CHROMIUM=PATH TLDOC_NPM_PACKAGES=DIR node search-browser.mjs SITE_DIR`, DIR holding the
// node_modules that `npm ci` installed from package-lock.json; exits non-zero with the reason on
// any failure.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
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

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"]
});
try {
  for (const base of [http, file]) {
    const page = await browser.newPage();
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
    console.log(`ok: ${base.startsWith("http") ? "http" : "file"}: resetauth → account.resetAuthorization with the keyboard`);
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
