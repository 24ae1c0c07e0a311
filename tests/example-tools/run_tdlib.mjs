// Sends TDLib examples to the real TDLib (prebuilt-tdlib's Linux x86-64 build of the version the
// site's schema is, `@prebuilt-tdlib/linux-x64-glibc`, driven by tdl) and prints whether TDLib
// reads each as a request.
//
// Usage: node run_tdlib.mjs json FILE.json...        (TLDOC_NPM_PACKAGES: where tdl is)
//        node run_tdlib.mjs javascript FILE.mjs...
//
// `json`: each file is one request as `td_execute` takes it. TDLib parses every request before
// it looks at what is asked, and says so: a request it cannot read is answered "Failed to parse
// JSON object as TDLib request: ..." (an unknown `@type`, a constructor of another type, a
// number for a string, bad base64), one it reads but cannot run without a client "The method
// can't be executed synchronously"; the methods that can be run so are run (`getTextEntities`
// answers). Only a parse failure fails. The working directory is the caller's: a run of
// `setLogStream` may leave a log file there.
//
// `javascript`: each file is a tdl example (`await client.invoke({...})`), run with a client
// that records the request instead of sending it; the request must be the one of FILE.json
// beside it, with tdl's `_` for `@type`. So the JavaScript examples send what TDLib parsed.
//
// Prints `ok NAME` or `FAIL NAME: WHY` per file, then a summary; exits 1 if any failed.

import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";

const require = createRequire(path.join(process.env.TLDOC_NPM_PACKAGES, "package.json"));
const [mode, ...files] = process.argv.slice(2);

const PARSE_FAILURE = "Failed to parse JSON object as TDLib request";

function checkJson(file) {
  const tdl = require("tdl");
  if (!checkJson.configured) {
    // Where prebuilt-tdlib's `getTdjson()` finds it on this platform.
    const tdjson = require.resolve("@prebuilt-tdlib/linux-x64-glibc/libtdjson.so");
    tdl.configure({ tdjson, verbosityLevel: 0 });
    checkJson.configured = true;
  }
  const request = JSON.parse(fs.readFileSync(file, "utf8"));
  const answer = tdl.execute(request);
  if (answer?._ === "error" && answer.message.startsWith(PARSE_FAILURE)) {
    return answer.message;
  }
  return null;
}

/** `_` keys renamed to `@type`, as tdl does before it hands a request to TDLib. */
function asTdlibJson(value) {
  if (Array.isArray(value)) return value.map(asTdlibJson);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key === "_" ? "@type" : key, asTdlibJson(item)]),
  );
}

const AsyncFunction = (async () => {}).constructor;

async function checkJavaScript(file) {
  const sent = [];
  const client = { invoke: async (request) => sent.push(request) };
  const quiet = { log() {} };
  await new AsyncFunction("client", "console", fs.readFileSync(file, "utf8"))(client, quiet);
  if (sent.length !== 1) return `sent ${sent.length} requests, not 1`;
  const expected = JSON.parse(fs.readFileSync(file.replace(/\.mjs$/, ".json"), "utf8"));
  const request = asTdlibJson(sent[0]);
  if (!isDeepStrictEqual(request, expected)) {
    return `sends ${JSON.stringify(request)}, not the JSON example ${JSON.stringify(expected)}`;
  }
  return null;
}

const check = { json: checkJson, javascript: checkJavaScript }[mode];
if (!check) throw new Error(`unknown mode ${mode}: json or javascript`);
let failures = 0;
for (const file of files) {
  const name = path.basename(file).replace(/\.(json|mjs)$/, "");
  let why;
  try {
    why = await check(file);
  } catch (error) {
    why = String(error?.message ?? error).split("\n")[0];
  }
  if (why) {
    failures += 1;
    process.stdout.write(`FAIL ${name}: ${why}\n`);
  } else {
    process.stdout.write(`ok ${name}\n`);
  }
}
process.stdout.write(`${files.length - failures} of ${files.length} examples pass\n`);
process.exit(failures ? 1 : 0);
