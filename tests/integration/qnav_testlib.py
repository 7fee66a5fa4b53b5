# Shared helpers for the Python-driven integration tests: where the build is, how to run
# qnav, and JSON Schema validation of the documents it writes.
import atexit
import json
import os
import shutil
import subprocess
import tempfile

import jsonschema

SOURCE_ROOT = os.environ["QNAV_SOURCE_ROOT"]
BUILD_ROOT = os.environ["QNAV_BUILD_ROOT"]
QNAV = os.path.join(BUILD_ROOT, "cli", "qnav")
SCHEMA_DIR = os.path.join(SOURCE_ROOT, "data", "schema")


def load_schema(name):
    with open(os.path.join(SCHEMA_DIR, name)) as f:
        return json.load(f)


def validator(name):
    """A validator for data/schema/NAME that resolves the schemas' references to each other."""
    store = {}
    for file in os.listdir(SCHEMA_DIR):
        schema = load_schema(file)
        store[schema["$id"]] = schema
        store[file] = schema
    schema = load_schema(name)
    resolver = jsonschema.RefResolver(schema["$id"], schema, store=store)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, resolver=resolver, format_checker=jsonschema.FormatChecker())


_TEMP_HOMES = []


@atexit.register
def _remove_temp_homes():
    for home in _TEMP_HOMES:
        shutil.rmtree(home, ignore_errors=True)


def clean_env(extra=None):
    """An environment with no user or system patterns and no colour."""
    env = dict(os.environ)
    home = tempfile.mkdtemp(prefix="qnav-home-")
    _TEMP_HOMES.append(home)
    env["XDG_CONFIG_HOME"] = os.path.join(home, "config")
    env["XDG_STATE_HOME"] = os.path.join(home, "state")
    env["QNAV_SYSCONFDIR"] = os.path.join(home, "etc")
    env["NO_COLOR"] = "1"
    if extra:
        env.update(extra)
    return env


def run(args, input=None, env=None, timeout=120):
    """Runs qnav; returns (exit status, stdout, stderr) as text (invalid bytes replaced)."""
    proc = subprocess.run([QNAV] + args, input=input, capture_output=True,
                          env=env or clean_env(), timeout=timeout)
    return (proc.returncode, proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace"))
