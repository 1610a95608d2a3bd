#!/usr/bin/env python3
"""Carries finished translations over to messages whose tr() context changed.

Usage: carry-translations.py FILE.ts [FILE.ts ...]

scripts/update-translations.sh runs this between two lupdate runs: the first (without
-no-obsolete) has marked messages that left the sources as vanished and added the messages now
found as new (unfinished); this script fills every unfinished message from a vanished message of
any context with the identical source text, comment (disambiguation) and plural flag that had a
finished translation, and marks it finished. The second lupdate run (-no-obsolete) then drops the
vanished messages. So renaming a class (a new tr() context) or moving a string between classes
keeps its translation, and only genuinely new or changed texts stay unfinished.

When vanished messages with the same key disagree, the translation from the old context that
moved the most messages into the new one wins (a renamed class moves as a whole); on a tie the
message stays unfinished, with one of them filled in as a suggestion.

Prints one line per file: how many messages it carried over and how many it left ambiguous.
"""

import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict


def key(message):
    """Identity of a message apart from its context."""
    source = message.findtext("source") or ""
    comment = message.findtext("comment") or ""
    return (source, comment, message.get("numerus") == "yes")


def translation_text(translation):
    """A hashable form of a translation: its text, or its plural forms."""
    forms = translation.findall("numerusform")
    if forms:
        return tuple(form.text or "" for form in forms)
    return translation.text or ""


def is_finished(translation_value):
    if isinstance(translation_value, tuple):
        return bool(translation_value) and all(translation_value)
    return bool(translation_value)


def set_translation(translation, value):
    """Writes `value` (from translation_text) into `translation` and marks it finished."""
    for child in list(translation):
        translation.remove(child)
    if isinstance(value, tuple):
        translation.text = None
        for text in value:
            ET.SubElement(translation, "numerusform").text = text
    else:
        translation.text = value
    translation.attrib.pop("type", None)


def carry(path):
    tree = ET.parse(path)
    root = tree.getroot()
    # Vanished messages (finished, no longer in the sources), by key: (context, translation).
    vanished = defaultdict(list)
    # Unfinished messages: (context, message element).
    unfinished = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None:
                continue
            kind = translation.get("type")
            value = translation_text(translation)
            if kind == "vanished" and is_finished(value):
                vanished[key(message)].append((name, value))
            elif kind == "unfinished":
                unfinished.append((name, message))

    # Which old context each new context took its messages from: a renamed class moves whole.
    moves = Counter()
    for name, message in unfinished:
        for old_context, _ in vanished.get(key(message), []):
            moves[(old_context, name)] += 1

    carried = 0
    ambiguous = 0
    for name, message in unfinished:
        candidates = vanished.get(key(message), [])
        if not candidates:
            continue
        translation = message.find("translation")
        values = {value for _, value in candidates}
        if len(values) == 1:
            set_translation(translation, candidates[0][1])
            carried += 1
            continue
        # Several translations: take the one whose old context moved most into this one.
        scores = defaultdict(int)
        for old_context, value in candidates:
            scores[value] = max(scores[value], moves[(old_context, name)])
        best = sorted(scores.items(), key=lambda item: item[1], reverse=True)
        if best[0][1] > best[1][1]:
            set_translation(translation, best[0][0])
            carried += 1
        else:
            # A suggestion for the translator; still unfinished.
            set_translation(translation, best[0][0])
            translation.set("type", "unfinished")
            ambiguous += 1

    with open(path, "wb") as out:
        out.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(out, encoding="utf-8", xml_declaration=False)
        out.write(b"\n")
    print(f"{path}: carried {carried} translation(s) over from vanished messages"
          + (f", {ambiguous} ambiguous (left unfinished with a suggestion)" if ambiguous else ""))


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    for path in argv[1:]:
        carry(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
