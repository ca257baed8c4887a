#!/usr/bin/env python3
"""ud_vote.py [--weights W1,W2,...] TEMPLATE.conllu SYS1.conllu [r:SYS2.conllu ...] > OUT.conllu

Combines the parses of several parsers of the same words (the voting experiment of
docs/MODEL.md, "Known gaps"). Every arc proposed by a system gets that system's weight
(default 1 each); the tree with the largest total weight is found with Eisner's
algorithm (projective, one root), and each word's relation is the one with the most
weight among the systems that chose its head (ties: the earlier system). r:FILE marks
a system that parsed the reversed sentences (ud_reverse.py). TEMPLATE gives every
other column and line of the output; SYS files must hold the same words in the same
order."""
import sys

from ud_reverse import sentences

NEG = float("-inf")


def arcs(lines, reversed_order):
    """heads[1..n] and relations[1..n] of one sentence, in left-to-right numbering."""
    words = [c for c in lines if c[0].isdigit()]
    n = len(words)
    heads, rels = [0] * (n + 1), [""] * (n + 1)
    for k, c in enumerate(words):
        i, h = k + 1, int(c[6])
        if reversed_order:
            i, h = n - k, (0 if h == 0 else n + 1 - h)
        heads[i], rels[i] = h, c[7]
    return heads, rels


def eisner(score, n):
    """Heads of the best projective tree over words 1..n with one child of the root 0."""
    comp = [[[NEG, NEG] for _ in range(n + 1)] for _ in range(n + 1)]
    inc = [[[NEG, NEG] for _ in range(n + 1)] for _ in range(n + 1)]
    comp_at = [[[0, 0] for _ in range(n + 1)] for _ in range(n + 1)]
    inc_at = [[[0, 0] for _ in range(n + 1)] for _ in range(n + 1)]
    for s in range(n + 1):
        comp[s][s] = [0.0, 0.0]
    for width in range(1, n + 1):
        for s in range(0, n + 1 - width):
            t = s + width
            best, at = NEG, s
            for r in range(s, t):
                v = comp[s][r][1] + comp[r + 1][t][0]
                if v > best:
                    best, at = v, r
            if s != 0:                      # t heads s; the root heads nothing on its left
                inc[s][t][0], inc_at[s][t][0] = best + score[t][s], at
                inc[s][t][1], inc_at[s][t][1] = best + score[s][t], at
            else:                           # the root's one child t covers 1..t on its left
                inc[0][t][1], inc_at[0][t][1] = comp[1][t][0] + score[0][t], 0
            best, at = NEG, s
            for r in range(s, t):
                v = comp[s][r][0] + inc[r][t][0]
                if v > best:
                    best, at = v, r
            comp[s][t][0], comp_at[s][t][0] = best, at
            best, at = NEG, s + 1
            for r in range(s + 1, t + 1):
                v = inc[s][r][1] + comp[r][t][1]
                if v > best:
                    best, at = v, r
            comp[s][t][1], comp_at[s][t][1] = best, at
    heads = [0] * (n + 1)
    stack = [("c", 0, n, 1)]
    while stack:
        kind, s, t, d = stack.pop()
        if s == t:
            continue
        if kind == "c":
            r = comp_at[s][t][d]
            stack += [("c", s, r, 0), ("i", r, t, 0)] if d == 0 else [("i", s, r, 1), ("c", r, t, 1)]
        else:
            r = inc_at[s][t][d]
            if d == 0:
                heads[s] = t
            else:
                heads[t] = s
            if s == 0:
                stack.append(("c", 1, t, 0))
            else:
                stack += [("c", s, r, 1), ("c", r + 1, t, 0)]
    return heads


def main():
    args = sys.argv[1:]
    weights = None
    if len(args) >= 2 and args[0] == "--weights":
        weights = [float(x) for x in args[1].split(",")]
        args = args[2:]
    if len(args) < 2:
        sys.exit(__doc__.split("\n")[0])
    template, specs = args[0], args[1:]
    weights = weights or [1.0] * len(specs)
    if len(weights) != len(specs):
        sys.exit("ud_vote.py: one weight per system")
    systems = [(s.startswith("r:"), sentences(s[2:] if s.startswith("r:") else s)) for s in specs]
    out = sys.stdout
    for comments, lines in sentences(template):
        votes = [arcs(next(gen)[1], rev) for rev, gen in systems]
        n = sum(1 for c in lines if c[0].isdigit())
        score = [[0.0] * (n + 1) for _ in range(n + 1)]
        for (heads, _), w in zip(votes, weights):
            for d in range(1, n + 1):
                score[heads[d]][d] += w
        best = eisner(score, n)
        for c in comments:
            out.write(c + "\n")
        for c in lines:
            if c[0].isdigit():
                d = int(c[0])
                tally = {}
                for (heads, rels), w in zip(votes, weights):
                    if heads[d] == best[d]:
                        tally[rels[d]] = tally.get(rels[d], 0.0) + w
                if not tally:
                    for (heads, rels), w in zip(votes, weights):
                        tally[rels[d]] = tally.get(rels[d], 0.0) + w
                c = list(c)
                c[6], c[7] = str(best[d]), max(tally.items(), key=lambda kv: kv[1])[0]
            out.write("\t".join(c) + "\n")
        out.write("\n")


if __name__ == "__main__":
    main()
