"""Writes the script-suite collections (and their environments, globals and data files) into
collections/, from the definitions in the cases/ modules. The JSON files are committed: they are
what newman and locket run; this script is how they are written and kept readable (JavaScript
as text, not as JSON string arrays). Rerun it after editing a case.

Every URL targets http://echo.test, which scripts.sh replaces with the local recording server.

Usage: python3 scripts/compat/scripts-suite/build.py"""
import importlib
import json
import pathlib
import pkgutil
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import cases  # noqa: E402


def main():
    out = HERE / "collections"
    out.mkdir(exist_ok=True)
    for old in out.iterdir():
        old.unlink()
    for info in sorted(pkgutil.iter_modules(cases.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"cases.{info.name}")
        name = info.name.replace("_", "-")
        for suffix, content in module.files().items():
            path = out / f"{name}{suffix}"
            if isinstance(content, bytes):
                path.write_bytes(content)
            elif isinstance(content, str):
                path.write_text(content, encoding="utf-8")
            else:
                path.write_text(json.dumps(content, indent=1, ensure_ascii=False) + "\n",
                                encoding="utf-8")
            print(path.relative_to(HERE))


main()
