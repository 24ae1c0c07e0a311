// Runs JavaScript examples with the real GramJS, up to the network, all in this one process.
//
// Usage: node run_gramjs.mjs SCHEMA.json FILE...   (TLDOC_NPM_PACKAGES: where `telegram` is)
//
// Each FILE is an ES module that imports `telegram` and uses a global `client`. It is imported
// with a stand-in `client` whose `invoke(request)` does what GramJS's own `invoke` does before it
// sends anything (telegram/client/users.js): refuses what is not a request, lets the request
// resolve itself with a real, never-connected TelegramClient, then serialises it with
// `getBytes()`. GramJS does not throw on a wrong type: it logs a CastError and writes what it can,
// and it drops unknown keys, so whatever it logs fails the example, and the request is checked
// against the schema of SCHEMA.json (written by tests/examples_run.rs from tldoc's model):
// unknown keys, missing required fields, constructors of the wrong type, half a flag group.
//
// Prints `ok NAME` or `FAIL NAME: WHY` per example, then a summary; exits 1 if any failed.

import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const packages = process.env.TLDOC_NPM_PACKAGES;
if (!packages) throw new Error("TLDOC_NPM_PACKAGES is not set");
const require = createRequire(path.join(packages, "package.json"));
const { TelegramClient, utils } = require("telegram");
const { StringSession } = require("telegram/sessions");
const { Logger, LogLevel } = require("telegram/extensions/Logger");
const { variableSnakeToCamelCase } = require("telegram/tl/generationHelpers");
const bigInt = require("big-integer");

const [schemaPath, ...files] = process.argv.slice(2);
const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
const byId = new Map(schema.combinators.map((c) => [c.id, c]));

const typeName = (value) =>
  value === null || value === undefined
    ? String(value)
    : value.className ?? value.constructor?.name ?? typeof value;

// The keys given to each object's constructor, which GramJS keeps as `originalArgs` and
// otherwise ignores: checked before `resolve()`, which trips over what they lack.
function checkKeys(obj, where) {
  const spec = byId.get(obj?.CONSTRUCTOR_ID);
  if (!spec) return;
  where = where || spec.name;
  const known = new Set(spec.params.map((p) => variableSnakeToCamelCase(p.name)));
  for (const [key, value] of Object.entries(obj.originalArgs ?? {})) {
    if (!known.has(key)) throw new TypeError(`${where}: unknown parameter ${key}`);
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === "object" && item !== null) checkKeys(item, `${where}.${key}`);
    }
  }
}

function check(obj, where) {
  const spec = byId.get(obj.CONSTRUCTOR_ID);
  if (!spec) throw new TypeError(`${where}: ${typeName(obj)} is not in the schema`);
  where = where || spec.name;
  const groups = new Map();
  for (const param of spec.params) {
    const value = obj[variableSnakeToCamelCase(param.name)];
    const here = `${where}.${param.name}`;
    const absent = value === undefined || value === null;
    if (param.flag !== null && param.expect.kind !== "flag") {
      if (!groups.has(param.flag)) groups.set(param.flag, []);
      groups.get(param.flag).push([param.name, !absent]);
    }
    if (absent) {
      if (param.flag === null) throw new TypeError(`${here} is required and missing`);
      continue;
    }
    checkValue(value, param.expect, here);
  }
  for (const [flag, members] of groups) {
    if (new Set(members.map(([, given]) => given)).size > 1) {
      const names = members.map(([name]) => name).join(", ");
      throw new TypeError(`${where}: ${names} share ${flag} and must be given together`);
    }
  }
}

function checkValue(value, expect, where) {
  const wrong = (wanted) => new TypeError(`${where}: ${wanted} expected, not ${typeName(value)}`);
  switch (expect.kind) {
    case "vector":
      if (!Array.isArray(value)) throw wrong("an array");
      value.forEach((item, index) => checkValue(item, expect.of, `${where}[${index}]`));
      break;
    case "type":
      if (typeof value !== "object" || value.classType !== "constructor") throw wrong(expect.name);
      if (!expect.ids.includes(value.CONSTRUCTOR_ID)) throw wrong(expect.name);
      check(value, where);
      break;
    case "query":
      if (typeof value !== "object" || value.classType !== "request") throw wrong("a request");
      check(value, where);
      break;
    case "int":
      if (!Number.isInteger(value)) throw wrong("an integer");
      break;
    case "long":
    case "int128":
    case "int256":
      if (typeof value !== "bigint" && !bigInt.isInstance(value)) throw wrong("a big integer");
      break;
    case "double":
      if (typeof value !== "number") throw wrong("a number");
      break;
    case "bool":
    case "flag":
      if (typeof value !== "boolean") throw wrong("a boolean");
      break;
    case "string":
      // GramJS reads some as bytes (see the examples' templates); its CastError checks which.
      if (typeof value !== "string" && !Buffer.isBuffer(value)) throw wrong("a string");
      break;
    case "bytes":
      if (!Buffer.isBuffer(value)) throw wrong("a Buffer");
      break;
  }
}

// Never connected: nothing leaves the process.
const real = new TelegramClient(new StringSession(""), 1, "x", {
  baseLogger: new Logger(LogLevel.NONE),
});

globalThis.client = {
  async invoke(request) {
    if (request?.classType !== "request") throw new Error("You can only invoke MTProtoRequests");
    checkKeys(request, "");
    await request.resolve(real, utils);
    request.getBytes();
    check(request, "");
    return undefined;
  },
};

// GramJS reports wrong types with console.error; the examples print their results.
let logged = [];
console.error = (...args) => logged.push(args.map(String).join(" "));
console.log = () => {};

let failures = 0;
for (const file of files) {
  const name = path.basename(file).replace(/\.[^.]*$/, "");
  logged = [];
  let thrown;
  try {
    await import(pathToFileURL(path.resolve(file)).href);
  } catch (error) {
    thrown = `${error?.name ?? "Error"}: ${error?.message ?? error}`;
  }
  // What GramJS logged came first.
  const why = logged.length ? `logged ${logged[0]}` : thrown;
  if (why) {
    failures += 1;
    process.stdout.write(`FAIL ${name}: ${why.replace(/\n/g, " ")}\n`);
  } else {
    process.stdout.write(`ok ${name}\n`);
  }
}
process.stdout.write(`${files.length - failures} of ${files.length} examples ran\n`);
process.exit(failures ? 1 : 0);
