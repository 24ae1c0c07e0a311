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

// The whole layout: ids, callers, types, errors, details (see themes/default/search.js).
const full = {
  methods: [
    // name, summary, id, callers, result, required types, optional types, since
    ["account.resetAuthorization", "Log out a session.", "df77f3bc", 2, 0, ["long"], []],
    ["messages.sendMessage", "Sends a message.", "0a1b2c3d", 3, 1, [2, "string", "long"], [3], 190],
    ["messages.setTyping", "Says you are typing.", "58943ee2", 3, 0, [2, 3], []],
    ["users.getUsers", "Returns users.", "0d91a548", 1, 4, [5], []],
    ["contacts.search", "Finds contacts.", "11f812d8", 2, 1, ["string"], []]
  ],
  constructors: [
    ["boolTrue", "", "997275b5", 0],
    ["inputPeerUser", "A user to send to.", "dde8a54c", 2],
    ["updates", "", "74ae4240", 1, 190]
  ],
  types: [["Bool", ""], ["Updates", ""], ["InputPeer", ""], ["SendMessageAction", ""], ["User", ""], ["InputUser", ""]],
  errors: [["FLOOD_WAIT_X", [420], [0, 1]], ["PEER_ID_INVALID", [400], [1, 2]]]
};
const details = {
  methods: [[["hash"], ""], [["peer", "message", "random_id", "entities"], "Sends a message. Bots may send it to any chat they are in."],
    [["peer", "action"], ""], [["id"], ""], [["q"], ""]],
  constructors: [[[], "", [[], []]], [["user_id", "access_hash"], "", [["long", "long"], []]], [[], "", [[], []]]],
  types: ["", "", "", "", "", ""],
  errors: ["A wait of {seconds} seconds is required", "The peer is invalid"]
};
const top = (text, extra) => names(search(full, text, extra))[0];
for (const id of ["df77f3bc", "#df77f3bc", "0xDF77F3BC", "-545786948", "3749180348"]) {
  assert.equal(top(id), "methods:account.resetAuthorization", id);
  assert.equal(search(full, id).exact.name, "account.resetAuthorization", id);
  assert.equal(search(full, id).groups[0].results[0].why, "id #df77f3bc");
}
// A bare start of an id matches below names; with its mark, as a prefix.
assert.deepEqual(names(search(full, "0d91")), ["methods:users.getUsers"]);
assert.equal(search(full, "0d91").exact, null);
assert.equal(search(full, "#0d9").groups[0].results[0].tier, 1);
// Leading zeros may be left out after a mark, as in 0xa1b2c3d.
assert.equal(top("0xa1b2c3d"), "methods:messages.sendMessage");
console.log("ok: ids in hex, marked or not, and signed or unsigned decimal");

assert.deepEqual(names(search(full, "flood")), ["errors:FLOOD_WAIT_X"]);
assert.equal(search(full, "FLOOD_WAIT_X").exact.folder, "errors");
assert.equal(search(full, "flood", details).groups[0].results[0].summary, "Code 420. A wait of {seconds} seconds is required");
console.log("ok: errors by name, with their codes and, with the details, descriptions");

// Fields and whole descriptions come with the details, below names, and say why they matched.
assert.deepEqual(names(search(full, "random_id")), []);
let result = search(full, "random_id", details).groups[0].results[0];
assert.deepEqual([result.name, result.why], ["messages.sendMessage", "field random_id"]);
assert.deepEqual(names(search(full, "access", details)), ["constructors:inputPeerUser"]);
result = search(full, "any chat", details).groups[0].results[0];
assert.deepEqual([result.name, result.why], ["messages.sendMessage", "Bots may send it to any chat they are in."]);
// A name still beats a field of the same text.
assert.deepEqual(names(search(full, "peer", details)), [
  "errors:PEER_ID_INVALID", "constructors:inputPeerUser", "types:InputPeer",
  "methods:messages.setTyping", "methods:messages.sendMessage"
]);
console.log("ok: fields and descriptions, ranked below names, with why");

assert.deepEqual(names(search(full, "bot:")), ["methods:messages.sendMessage", "methods:messages.setTyping", "methods:users.getUsers"]);
assert.deepEqual(names(search(full, "bot: send")), ["methods:messages.sendMessage"]);
assert.deepEqual(names(search(full, "user: search")), ["methods:contacts.search"]);
assert.deepEqual(names(search(full, "kind:constructor user")), ["constructors:inputPeerUser"]);
assert.deepEqual(names(search(full, "kind: type user")), ["types:User", "types:InputUser"]);
assert.deepEqual(names(search(full, "error:peer_id")), ["methods:messages.sendMessage", "methods:messages.setTyping"]);
assert.deepEqual(names(search(full, "since:190")), ["methods:messages.sendMessage", "constructors:updates"]);
console.log("ok: filters alone and before words");

assert.deepEqual(names(search(full, "-> Updates")), ["methods:contacts.search", "methods:messages.sendMessage", "constructors:updates"]);
assert.deepEqual(names(search(full, "InputPeer ->")), ["methods:messages.setTyping", "methods:messages.sendMessage"]);
assert.deepEqual(names(search(full, "inputPeerUser, string -> Updates")), ["methods:messages.sendMessage"]);
assert.deepEqual(names(search(full, "InputPeer, SendMessageAction -> Bool")), ["methods:messages.setTyping"]);
assert.deepEqual(names(search(full, "Vector<InputUser> -> Vector<User>")), ["methods:users.getUsers"]);
assert.deepEqual(names(search(full, "string, string -> Updates")), []);
assert.deepEqual(names(search(full, "Nothing -> Updates")), []);
assert.equal(search(full, "InputPeer ->").groups[0].results[0].why, "(InputPeer, SendMessageAction) \u2192 Bool");
// With the details, constructors by their fields' types too, after the methods.
assert.deepEqual(names(search(full, "long -> InputPeer")), []);
assert.deepEqual(names(search(full, "long -> InputPeer", details)), ["constructors:inputPeerUser"]);
assert.deepEqual(names(search(full, "long, long ->", details)), ["constructors:inputPeerUser"]);
assert.deepEqual(names(search(full, "long ->", details)), [
  "methods:account.resetAuthorization", "methods:messages.sendMessage", "constructors:inputPeerUser"
]);
console.log("ok: type-directed search, fewest other parameters first");

const built = process.argv[2];
if (built) {
  // What the first keystroke loads stays small; the details come after it.
  const script = fs.readFileSync(built);
  const gzipped = require("node:zlib").gzipSync(script, { level: 9 }).length;
  assert.ok(script.length < 300000 && gzipped < 80000, `the first step is ${script.length} bytes, ${gzipped} gzipped`);
  const sandbox = { window: {} };
  vm.runInNewContext(script.toString("utf8"), sandbox);
  const real = sandbox.window.tldocSearchIndex;
  const first = search(real, "resetauth").groups[0].results[0];
  assert.equal(first.name, "account.resetAuthorization");
  assert.equal(search(real, "messages.sendMessage").exact.name, "messages.sendMessage");
  assert.equal(search(real, "InputPeer").exact.folder, "types");
  assert.equal(search(real, "inputPeerUser").exact.folder, "constructors");
  for (const id of ["df77f3bc", "0xdf77f3bc", "-545786948"]) {
    assert.equal(search(real, id).exact.name, "account.resetAuthorization", id);
  }
  assert.equal(search(real, "flood").groups[0].results[0].name, "FLOOD_WAIT_X");
  const sends = search(real, "InputPeer, string -> Updates").groups[0].results.map((r) => r.name);
  assert.ok(sends.slice(0, 8).includes("messages.sendMessage"), sends.join(" "));
  const types = search(real, "-> messages.Messages").groups[0].results.map((r) => r.name);
  assert.ok(types.includes("messages.getHistory"), types.join(" "));
  console.log("ok: the built index ranks the real names");
}
