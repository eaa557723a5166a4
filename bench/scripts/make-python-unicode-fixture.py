#!/usr/bin/env python3
"""Writes the Unicode facts the official scorer inherits from Python (run with Python 3.11, Unicode 14.0): the decimal
digits (\\d, float()), the white space (str.strip) and every code point whose lower() differs from itself.
Usage: python3.11 bench/scripts/make-python-unicode-fixture.py > tests/Spar.Tests/Bench/Fixtures/python311_unicode.json"""
import json, sys, unicodedata

cps = [cp for cp in range(0x110000) if not 0xD800 <= cp < 0xE000]
json.dump({
    "python": sys.version.split()[0],
    "unicode": unicodedata.unidata_version,
    "decimal": [cp for cp in cps if chr(cp).isdecimal()],
    "space": [cp for cp in cps if chr(cp).isspace()],
    "lower": {str(cp): chr(cp).lower() for cp in cps if chr(cp).lower() != chr(cp)},
}, sys.stdout, ensure_ascii=True, separators=(",", ":"))
