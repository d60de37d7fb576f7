#!/usr/bin/env python3
"""validate.py - check `slimfile --format=github` output against the workflow-command syntax.

    validate.py CASE GITHUB_OUT JSON_OUT [TOOLKIT_OUT]

GITHUB_OUT is what slimfile printed with --format=github, JSON_OUT what it printed for the same
inputs with --format=json, TOOLKIT_OUT (optional) what the Actions toolkit (@actions/core)
printed for the JSON findings (see toolkit.js). Prints one "PASS name" or "FAIL name: why" line
per check.

The grammar is the runner's (actions/runner ActionCommand.TryParse) and the escaping the
toolkit's (actions/toolkit packages/core/src/command.ts):
    ::COMMAND[ KEY=VALUE(,KEY=VALUE)*]::MESSAGE
    property values: % CR LF : ,  ->  %25 %0D %0A %3A %2C
    message:         % CR LF      ->  %25 %0D %0A
"""
import json
import re
import sys

COMMAND = re.compile(r"::(error|warning|notice)(?: ([^:]*))?::(.*)", re.S)
PROP_VALUE = re.compile(r"(?:[^%,:\r\n]|%25|%0D|%0A|%3A|%2C)*")
MESSAGE = re.compile(r"(?:[^%\r\n]|%25|%0D|%0A)*")
KEYS = ("file", "line", "endLine", "col", "endColumn", "title")
INT_KEYS = ("line", "endLine", "col", "endColumn")
SEVERITY_COMMAND = {"error": "error", "warning": "warning", "info": "notice", "style": "notice"}
UNESCAPE = {"%25": "%", "%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": ","}


def unescape(s):
    # one left-to-right pass, as the runner's unescaping gives for well-formed input
    return re.sub(r"%25|%0D|%0A|%3A|%2C", lambda m: UNESCAPE[m.group(0)], s)


def parse(line):
    """(command, {key: value}, message) with values unescaped, or raise ValueError."""
    m = COMMAND.fullmatch(line)
    if not m:
        raise ValueError("not ::command props::message: %r" % line)
    cmd, props_text, msg = m.groups()
    props = {}
    if props_text:
        for kv in props_text.split(","):
            key, eq, value = kv.partition("=")
            if not eq or key not in KEYS:
                raise ValueError("bad property %r in %r" % (kv, line))
            if key in props:
                raise ValueError("property %s twice in %r" % (key, line))
            if not PROP_VALUE.fullmatch(value):
                raise ValueError("property %s=%r is not escaped" % (key, value))
            props[key] = unescape(value)
    if not MESSAGE.fullmatch(msg):
        raise ValueError("message %r is not escaped" % msg)
    for key in INT_KEYS:
        if key in props and not re.fullmatch(r"[1-9][0-9]*", props[key]):
            raise ValueError("%s=%r is not a positive integer" % (key, props[key]))
    if "file" not in props or "line" not in props:
        raise ValueError("file and line are required: %r" % line)
    start, end = int(props["line"]), int(props.get("endLine", props["line"]))
    if end < start:
        raise ValueError("endLine before line: %r" % line)
    if ("col" in props or "endColumn" in props) and end != start:
        raise ValueError("col/endColumn on a multi-line annotation (GitHub drops them): %r" % line)
    if "col" in props and "endColumn" in props and int(props["endColumn"]) < int(props["col"]):
        raise ValueError("endColumn before col: %r" % line)
    return cmd, props, unescape(msg)


def expected_from_json(f):
    props = {"file": f["file"], "line": str(f["line"]), "endLine": str(f["end_line"]),
             "title": "slimfile " + f["rule"]}
    if f["line"] == f["end_line"]:
        props["col"] = str(f["column"])
        props["endColumn"] = str(f["end_column"])
    return SEVERITY_COMMAND[f["severity"]], props, f["message"]


def lines_of(path):
    with open(path, "rb") as fp:
        data = fp.read().decode("utf-8")
    if data and not data.endswith("\n"):
        raise ValueError("output does not end with a newline")
    return data.split("\n")[:-1] if data else []


def main():
    case, gh_path, json_path = sys.argv[1:4]
    toolkit_path = sys.argv[4] if len(sys.argv) > 4 else None
    results = []

    def check(name, fn):
        try:
            fn()
            results.append("PASS %s: %s" % (case, name))
        except (ValueError, AssertionError, KeyError) as e:
            results.append("FAIL %s: %s: %s" % (case, name, e))

    parsed = []

    def grammar():
        lines = lines_of(gh_path)
        if not lines:
            raise ValueError("no annotations")
        for line in lines:
            parsed.append(parse(line))

    check("every line is a well-formed, escaped workflow command", grammar)

    def round_trip():
        with open(json_path, encoding="utf-8") as fp:
            findings = json.load(fp)
        want = [expected_from_json(f) for f in findings]
        if len(want) != len(parsed):
            raise ValueError("%d annotations, %d JSON findings" % (len(parsed), len(want)))
        for got, exp in zip(parsed, want):
            if got != exp:
                raise ValueError("annotation %r\n  decodes differently from the JSON finding %r" % (got, exp))

    check("annotations decode to exactly the --format=json findings", round_trip)

    if toolkit_path:
        def toolkit():
            theirs = [parse(line) for line in lines_of(toolkit_path)]
            if theirs != parsed:
                for a, b in zip(parsed, theirs):
                    if a != b:
                        raise ValueError("ours %r\n  toolkit %r" % (a, b))
                raise ValueError("%d annotations, toolkit wrote %d" % (len(parsed), len(theirs)))

        check("same commands as @actions/core writes for the same findings", toolkit)

    print("\n".join(results))
    return 0 if all(r.startswith("PASS") for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
