"""Runs Python examples with the real pytdbot, up to TDLib, all in this one process.

Usage: run_pytdbot.py DIR FILE...

Each FILE in DIR (`NAME.py`) is an example module defining `async def main(client)`, and
`NAME.json` beside it is the JSON example of the same method, which tests/examples_run.rs has
TDLib 1.8.65 parse. Each example runs with a real pytdbot `Client` (made, never started: no
TDLib is loaded), through pytdbot's own `Client.invoke`, up to where pytdbot hands the request to
TDLib (`Client.__send`); that hand-off records the request and answers `ok`. The request pytdbot
would send, without the `@extra` it adds to match the answer, must be the JSON example: the
request TDLib was shown to parse, so the Python tab sends nothing the JSON tab does not.

Prints `ok NAME` or `FAIL NAME: WHY` per example, then a summary; exits 1 if any failed.
"""

import asyncio
import importlib.util
import json
import os
import sys

from pytdbot import Client, types


def recording_client():
    """A real pytdbot Client whose hand-off to TDLib records each request instead."""
    client = Client(
        token="1:fake",
        api_id=1,
        api_hash="fake",
        database_encryption_key="fake",
        files_directory="never-written",
        no_updates=True,
    )
    sent = []

    async def send(request):
        sent.append(dict(request))
        client._results.pop(request["@extra"]["id"]).set_result(types.Ok())

    # `invoke` calls `self.__send`, which Python spells `_Client__send`.
    client._Client__send = send
    return client, sent


async def run(path):
    spec = importlib.util.spec_from_file_location("example", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    client, sent = recording_client()
    await module.main(client)
    if len(sent) != 1:
        raise AssertionError(f"{len(sent)} requests sent, not one")
    request = sent[0]
    request.pop("@extra", None)
    with open(os.path.splitext(path)[0] + ".json", encoding="utf-8") as file:
        expected = json.load(file)
    if request != expected:
        raise AssertionError(
            f"sends {json.dumps(request, sort_keys=True)}, not the JSON example "
            f"{json.dumps(expected, sort_keys=True)}"
        )


def main():
    directory, files = sys.argv[1], sys.argv[2:]
    failed = 0
    for file in files:
        name = os.path.splitext(file)[0]
        try:
            # The examples print what they get back.
            with open(os.devnull, "w") as quiet:
                stdout, sys.stdout = sys.stdout, quiet
                try:
                    asyncio.run(run(os.path.join(directory, file)))
                finally:
                    sys.stdout = stdout
            print(f"ok {name}")
        except Exception as error:  # noqa: BLE001 - every failure is reported, then counted
            failed += 1
            why = " ".join(f"{type(error).__name__}: {error}".split())
            print(f"FAIL {name}: {why}")
    print(f"{len(files) - failed} of {len(files)} ran")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
