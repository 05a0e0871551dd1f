"""Fill msgstr entries of a .po catalog from a Python dict of {msgid: translation}.

Usage: python scripts/fill_translations.py locale/ja/LC_MESSAGES/django.po translations.py
Developers' helper for keeping the Japanese catalog complete; not used at run time.
"""

import runpy
import sys

import polib


def main(po_path, mapping_path):
    mapping = runpy.run_path(mapping_path)["T"]
    catalog = polib.pofile(po_path)
    filled = 0
    for entry in catalog:
        if entry.msgid in mapping:
            if entry.msgid_plural:
                # Japanese has a single plural form.
                entry.msgstr_plural = {0: mapping[entry.msgid]}
            else:
                entry.msgstr = mapping[entry.msgid]
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
            filled += 1
    catalog.save(po_path)
    missing = [
        entry.msgid for entry in catalog
        if (not entry.msgstr_plural.get(0) if entry.msgid_plural else not entry.msgstr) or "fuzzy" in entry.flags
    ]
    print(f"filled {filled}; still untranslated: {len(missing)}")
    for msgid in missing:
        print("  ", repr(msgid))


if __name__ == "__main__":
    main(*sys.argv[1:3])
