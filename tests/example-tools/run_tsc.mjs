// Type-checks TypeScript examples against GramJS's own declarations, as one `tsc --noEmit
// --strict` program (one compiler run for every file, not one per file).
//
// Usage: node run_tsc.mjs FILE...   (TLDOC_NPM_PACKAGES: where `typescript` and `telegram` are;
// the files' directory holds a `node_modules` that resolves `telegram` and `big-integer`)
//
// The options are what a GramJS project uses: strict, ES modules with top-level `await`, Node's
// types (GramJS's bytes are Buffers), default imports of CommonJS packages (`big-integer`), and
// no checking of the packages' own declarations (`skipLibCheck`, as GramJS's README's set-up).
//
// Prints `ok NAME` or `FAIL NAME: WHY` per file (the first error, with its TS code), then a
// summary; exits 1 if any failed.

import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.join(process.env.TLDOC_NPM_PACKAGES, "package.json"));
const ts = require("typescript");

const files = process.argv.slice(2).map((file) => path.resolve(file));
const options = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ES2022,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  esModuleInterop: true,
  skipLibCheck: true,
  types: ["node"],
  typeRoots: [path.join(process.env.TLDOC_NPM_PACKAGES, "node_modules/@types")],
};
const program = ts.createProgram(files, options);
const global = program.getGlobalDiagnostics().concat(program.getOptionsDiagnostics());
if (global.length) {
  const text = global.map((d) => ts.flattenDiagnosticMessageText(d.messageText, " ")).join("\n");
  throw new Error(`the compiler set-up is wrong: ${text}`);
}
let failures = 0;
for (const file of files) {
  const source = program.getSourceFile(file);
  const diagnostics = ts.getPreEmitDiagnostics(program, source);
  const name = path.basename(file).replace(/\.ts$/, "");
  if (diagnostics.length) {
    failures += 1;
    const [first] = diagnostics;
    const { line } = source.getLineAndCharacterOfPosition(first.start ?? 0);
    const message = ts.flattenDiagnosticMessageText(first.messageText, " ");
    process.stdout.write(`FAIL ${name}: line ${line + 1}: TS${first.code}: ${message}\n`);
  } else {
    process.stdout.write(`ok ${name}\n`);
  }
}
process.stdout.write(`${files.length - failures} of ${files.length} examples type-check\n`);
process.exit(failures ? 1 : 0);
