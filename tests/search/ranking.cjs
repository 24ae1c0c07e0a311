// Checks the ranking of themes/default/search.js on a small index, and, when given the path of a
// built site's search-index.js, on that index. Run by tests/search.rs; prints one line per check.
"use strict";
const assert = require("node:assert/strict");
const fs = require("node:fs");
const vm = require("node:vm");
const path = require("node:path");
const { search } = require(path.join(__dirname, "../../themes/default/search.js"));

function names(found) {
  return found.groups.flatMap((group) => group.results.map((result) => group.key + ":" + result.name));
}

const index = {
  methods: [
    ["account.resetAuthorization", "Log out an active authorized session by its hash."],
    ["auth.resetAuthorizations", "Terminates all user's authorized sessions."],
    ["users.getUsers", "Returns basic user info."],
    ["messages.sendMessage", "Sends a message to a chat."]
  ],
  constructors: [
    ["user", "A user."],
    ["userEmpty", "An empty user."],
    ["inputPeerUser", "A user to send to."]
  ],
  types: [
    ["User", "A user or a bot."],
    ["InputPeer", "A peer to send to."]
  ]
};

// Groups come in the order of their best result, so exact names lead whatever their kind; the
// same case wins a tie between kinds.
let found = search(index, "user");
assert.deepEqual(found.groups.map((group) => group.results[0].name), ["user", "User", "users.getUsers"]);
assert.equal(found.exact.name, "user");
assert.equal(search(index, "User").exact.name, "User");
assert.deepEqual(found.groups.map((g) => [g.key, g.count]), [["constructors", 3], ["types", 1], ["methods", 2]]);
// users.getUsers by name, auth.resetAuthorizations by its description ("user's").
assert.deepEqual(found.groups[2].results.map((r) => r.tier), [1, 5]);
console.log("ok: exact names first, grouped with counts");

// The name without its namespace ranks as the name, but only the full name opens directly
// (`getHistory` is in several namespaces).
found = search(index, "getusers");
assert.deepEqual([found.groups[0].results[0].name, found.groups[0].results[0].tier], ["users.getUsers", 0]);
assert.equal(found.exact, null);
assert.equal(search(index, "USERS.GETUSERS").exact.name, "users.getUsers");
// A prefix beats a word inside a name, which beats any substring, which beats letters in order.
const tiers = { methods: [["a.fooBar", ""], ["a.barFoo", ""], ["a.bafoo", ""], ["a.fxoxo", ""], ["a.xfoxo", ""]] };
assert.deepEqual(search(tiers, "foo").groups[0].results.map((r) => [r.name, r.tier]), [
  ["a.fooBar", 1], ["a.barFoo", 2], ["a.bafoo", 3], ["a.fxoxo", 4]
]);
assert.deepEqual(names(search(index, "sndmsg")), ["methods:messages.sendMessage"]);
assert.deepEqual(names(search(index, "msgsndx")), []);
console.log("ok: prefix, then word, then substring, then subsequence");

// What the query leaves unmatched decides among prefix matches.
assert.deepEqual(names(search(index, "resetauth")), [
  "methods:account.resetAuthorization",
  "methods:auth.resetAuthorizations"
]);
console.log("ok: resetauth finds account.resetAuthorization first");

// Words of the description match last; spaces in a query are ignored for names.
assert.deepEqual(names(search(index, "log out")), ["methods:account.resetAuthorization"]);
assert.deepEqual(names(search(index, "input peer")), ["types:InputPeer", "constructors:inputPeerUser"]);
assert.deepEqual(names(search(index, "")), []);
assert.deepEqual(names(search(index, "zzzz")), []);
console.log("ok: descriptions, spaces and empty queries");

const built = process.argv[2];
if (built) {
  const sandbox = { window: {} };
  vm.runInNewContext(fs.readFileSync(built, "utf8"), sandbox);
  const real = sandbox.window.tldocSearchIndex;
  const first = search(real, "resetauth").groups[0].results[0];
  assert.equal(first.name, "account.resetAuthorization");
  assert.equal(search(real, "messages.sendMessage").exact.name, "messages.sendMessage");
  assert.equal(search(real, "InputPeer").exact.folder, "types");
  assert.equal(search(real, "inputPeerUser").exact.folder, "constructors");
  console.log("ok: the built index ranks the real names");
}
