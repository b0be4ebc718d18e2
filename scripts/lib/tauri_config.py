"""Validates a tauri.conf.json against the Tauri CLI's own JSON schema (the one the installed
@tauri-apps/cli ships, config.schema.json), the check `tauri build` makes before it bundles.
Used by scripts/workflows.sh. Exit 1 and one line per error when it does not validate.

(check-jsonschema refuses that schema file: one of its patterns is not an ECMA regex it
accepts, so the schema is applied with the jsonschema library directly.)"""
import json
import sys

import jsonschema


def main(schema_path: str, config_path: str) -> int:
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    with open(config_path, encoding="utf-8") as f:
        config = json.load(f)
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(config), key=lambda e: list(map(str, e.path)))
    for error in errors:
        where = "/".join(map(str, error.path)) or "(top)"
        print(f"{config_path}: {where}: {error.message[:300]}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
