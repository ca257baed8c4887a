#!/usr/bin/env python3
"""ud_reverse.py IN.conllu > OUT.conllu: every sentence with its words in reverse order.

For the right-to-left parser of the voting experiment in docs/MODEL.md ("Known gaps"):
train a parser on reversed trees (`khaldun train --tagged DIR` with DIR holding the
reversed train.conllu and dev.conllu), parse reversed text with it, and give its output
to ud_vote.py as r:FILE, which maps the heads back. Word IDs and HEADs are renumbered
(HEAD 0 stays 0); multiword-token and empty-node lines are dropped and DEPS is cleared,
since neither can be reversed word by word; comments are kept."""
import sys


def sentences(path):
    """(comments, lines) of each sentence of a CoNLL-U file; lines split into columns
    (multiword-token and empty-node lines included). ud_vote.py reads with it too."""
    comments, lines = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if comments or lines:
                    yield comments, lines
                comments, lines = [], []
            elif line.startswith("#"):
                comments.append(line)
            else:
                lines.append(line.split("\t"))
    if comments or lines:
        yield comments, lines


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: ud_reverse.py IN.conllu > OUT.conllu")
    out = sys.stdout
    for comments, lines in sentences(sys.argv[1]):
        words = [cols for cols in lines if cols[0].isdigit()]
        n = len(words)
        for c in comments:
            out.write(c + "\n")
        for k, cols in enumerate(reversed(words)):
            cols = list(cols)
            cols[0] = str(k + 1)
            if cols[6].isdigit() and cols[6] != "0":
                cols[6] = str(n + 1 - int(cols[6]))
            cols[8] = "_"
            out.write("\t".join(cols) + "\n")
        out.write("\n")


if __name__ == "__main__":
    main()
