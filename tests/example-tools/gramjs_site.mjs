// Writes a tldoc site of the schema GramJS bundles, at GramJS's layer, into DIR.
//
// Usage: node gramjs_site.mjs DIR   (TLDOC_NPM_PACKAGES: where `telegram` is)
//
// GramJS generates its classes from the TL text of `tl/apiTl.js` and `tl/schemaTl.js`, not from
// a published schema, so examples for GramJS are built from exactly that text. Its `api.tl` has
// no `// LAYER` line: the layer is `LAYER` of `tl/AllTLObjects.js`, given by tldoc.yaml.

import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const require = createRequire(path.join(process.env.TLDOC_NPM_PACKAGES, "package.json"));
const api = require("telegram/tl/apiTl.js");
const mtproto = require("telegram/tl/schemaTl.js");
const { LAYER } = require("telegram/tl/AllTLObjects.js");

const [dir] = process.argv.slice(2);
fs.mkdirSync(path.join(dir, "schema"), { recursive: true });
fs.writeFileSync(path.join(dir, "schema/api.tl"), api);
fs.writeFileSync(path.join(dir, "schema/mtproto.tl"), mtproto);
fs.writeFileSync(
  path.join(dir, "tldoc.yaml"),
  `title: GramJS's schema (layer ${LAYER})\nlayer: ${LAYER}\n`,
);
process.stdout.write(`${LAYER}\n`);
