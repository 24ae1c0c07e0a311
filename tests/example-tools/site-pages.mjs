// The HTML pages of a built site, by path relative to it, for the scripts that check them all.
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";

export function htmlPages(site) {
  const pages = [];
  (function walk(dir) {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".html")) pages.push(relative(site, path));
    }
  })(site);
  return pages;
}
