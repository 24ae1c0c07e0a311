"""Runs Python examples with the real Telethon, up to the network, all in this one process.

Usage: run_telethon.py SCHEMA.json DIR FILE...

Each FILE in DIR is an example module defining `async def main(client)`. It is run with a
stand-in `client` that does what `TelegramClient.__call__` does before it sends anything (see
`telethon/client/users.py`, `_call`): refuses what is not a request, lets the request resolve
itself with a real, never-connected `TelegramClient` (so `get_input_entity` and friends run for
real, and reach for the network only where a real client would), then serialises it with
`bytes(request)`. GramJS and Telethon serialise what the schema allows and more (an `InputUser`
where an `InputPeer` belongs is bytes all the same), so the resolved request is also checked
against the schema of SCHEMA.json, which tests/examples_run.rs writes from tldoc's model.

Prints `ok NAME` or `FAIL NAME: WHY` per example, then a summary; exits 1 if any failed.
"""

import asyncio
import contextlib
import io
import json
import keyword
import os
import sys

from telethon import TelegramClient, utils
from telethon.sessions import StringSession
from telethon.tl.tlobject import TLObject, TLRequest


def field_name(name):
    """Telethon's attribute for a TL field: `self` is `is_self`, keywords get `_`."""
    if name == "self":
        return "is_self"
    return name + "_" if keyword.iskeyword(name) else name


class SchemaCheck:
    """What the schema allows, by constructor id (see `schema_json` in tests/examples_run.rs)."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as file:
            schema = json.load(file)
        self.by_id = {int(c["id"]): c for c in schema["combinators"]}

    def check(self, obj, where):
        spec = self.by_id.get(obj.CONSTRUCTOR_ID)
        if spec is None:
            raise TypeError(f"{where}: {type(obj).__name__} is not in the schema")
        where = where or spec["name"]
        groups = {}
        for param in spec["params"]:
            value = getattr(obj, field_name(param["name"]), None)
            here = f"{where}.{param['name']}"
            flag = param.get("flag")
            if flag is not None and param["expect"]["kind"] != "flag":
                groups.setdefault(flag, []).append((param["name"], value is not None))
            if value is None:
                if flag is None:
                    raise TypeError(f"{here} is required and missing")
                continue
            self.value(value, param["expect"], here)
        for flag, members in groups.items():
            given = {given for _, given in members}
            if len(given) > 1:
                names = ", ".join(name for name, _ in members)
                raise TypeError(f"{where}: {names} share {flag} and must be given together")

    def value(self, value, expect, where):
        kind = expect["kind"]
        if kind == "vector":
            if not isinstance(value, list):
                raise TypeError(f"{where}: a list expected, not {type(value).__name__}")
            for index, item in enumerate(value):
                self.value(item, expect["of"], f"{where}[{index}]")
        elif kind == "type":
            if not isinstance(value, TLObject) or isinstance(value, TLRequest):
                raise TypeError(f"{where}: {expect['name']} expected, not {type(value).__name__}")
            if value.CONSTRUCTOR_ID not in expect["ids"]:
                raise TypeError(f"{where}: {expect['name']} expected, not {type(value).__name__}")
            self.check(value, where)
        elif kind == "query":
            if not isinstance(value, TLRequest):
                raise TypeError(f"{where}: a request expected, not {type(value).__name__}")
            self.check(value, where)
        elif kind in ("int", "long", "int128", "int256"):
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{where}: {kind} expected, not {type(value).__name__}")
        elif kind == "double":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise TypeError(f"{where}: double expected, not {type(value).__name__}")
        elif kind in ("bool", "flag"):
            if not isinstance(value, bool):
                raise TypeError(f"{where}: bool expected, not {type(value).__name__}")
        elif kind == "string":
            if not isinstance(value, str):
                raise TypeError(f"{where}: str expected, not {type(value).__name__}")
        elif kind == "bytes":
            if not isinstance(value, (bytes, str)):
                raise TypeError(f"{where}: bytes expected, not {type(value).__name__}")


class StandIn:
    """`client(request)` up to the network."""

    def __init__(self, real, schema):
        self.real = real
        self.schema = schema

    async def __call__(self, request, ordered=False):
        requests = list(request) if utils.is_list_like(request) else [request]
        for r in requests:
            if not isinstance(r, TLRequest):
                raise TypeError("You can only invoke requests, not types!")
            await r.resolve(self.real, utils)
            bytes(r)
            self.schema.check(r, "")
        return None


async def run_all(schema, directory, files):
    # Never connected: nothing leaves the process, and what would is a ConnectionError.
    real = TelegramClient(StringSession(), 1, "x")
    client = StandIn(real, schema)
    failures = 0
    for file in files:
        name = os.path.splitext(os.path.basename(file))[0]
        path = os.path.join(directory, file)
        try:
            with open(path, encoding="utf-8") as source:
                code = compile(source.read(), path, "exec")
            module = {"__name__": name}
            with contextlib.redirect_stdout(io.StringIO()):
                exec(code, module)
                await module["main"](client)
        except BaseException as error:  # noqa: BLE001 - every failure is the example's
            failures += 1
            why = f"{type(error).__name__}: {error}".replace("\n", " ")
            print(f"FAIL {name}: {why}")
        else:
            print(f"ok {name}")
    print(f"{len(files) - failures} of {len(files)} examples ran")
    return failures


def main():
    schema_path, directory, *files = sys.argv[1:]
    failures = asyncio.run(run_all(SchemaCheck(schema_path), directory, files))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
