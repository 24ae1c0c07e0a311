// Checks that example files parse, with each language's own parser, all in one process (one
// `node --check` per file would start some 700 processes):
// - `.mjs`: a JavaScript module, parsed by V8 through `vm.SourceTextModule`, which needs
//   `node --experimental-vm-modules`;
// - `.ts`: TypeScript, parsed by the `typescript` package pinned by package-lock.json, which
//   tests/common/tools.rs installs under target/ and names in TLDOC_NPM_PACKAGES.
//
// Usage: [TLDOC_NPM_PACKAGES=DIR] node --experimental-vm-modules --no-warnings check.mjs FILE...
// Prints `FILE: MESSAGE` (TypeScript: `FILE:LINE: MESSAGE`) for each file that does not parse,
// and exits with 1 if any does not.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import vm from "node:vm";

const files = process.argv.slice(2);
const failures = [];

for (const file of files.filter((file) => file.endsWith(".mjs"))) {
  try {
    // Parses (and links nothing): a syntax error throws here.
    new vm.SourceTextModule(readFileSync(file, "utf8"), { identifier: file });
  } catch (error) {
    // V8 does not say where in a module the error is; the message is specific enough.
    failures.push(`${file}: ${error.message}`);
  }
}

const typescriptFiles = files.filter((file) => file.endsWith(".ts"));
if (typescriptFiles.length > 0) {
  const packages = process.env.TLDOC_NPM_PACKAGES;
  if (!packages) throw new Error("TLDOC_NPM_PACKAGES must name the directory holding node_modules/typescript");
  // An ES module resolves packages beside itself, never through NODE_PATH: hence a `require`
  // made for the install directory.
  const ts = createRequire(join(packages, "package.json"))("typescript");
  // Parsing only: no library, no module resolution, no type checking.
  const options = { noLib: true, noResolve: true, types: [], target: ts.ScriptTarget.Latest };
  const program = ts.createProgram(typescriptFiles, options);
  for (const file of typescriptFiles) {
    const source = program.getSourceFile(file);
    if (source === undefined) {
      failures.push(`${file}: could not be read`);
      continue;
    }
    for (const diagnostic of program.getSyntacticDiagnostics(source)) {
      const { line } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
      failures.push(`${file}:${line + 1}: ${message}`);
    }
  }
}

for (const failure of failures) {
  console.log(failure);
}
process.exitCode = failures.length > 0 ? 1 : 0;
