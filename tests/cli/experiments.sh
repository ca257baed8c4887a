#!/bin/sh
# scripts/experiments: the sentence reverser and the parser vote of docs/MODEL.md
# ("Known gaps") on a small tree, so that the figures made with them can be trusted.
. "$(dirname "$0")/../lib.sh"
plan 4
S="$(dirname "$0")/../../scripts/experiments"
if ! command -v python3 >/dev/null 2>&1; then
  i=0; while [ $i -lt 4 ]; do skip_test "python3 is not installed"; i=$((i + 1)); done
  exit 0
fi
cat >"$T/a.conllu" <<'C'
# text = Arnor's king met the envoy of Gondor.
1	Arnor	Arnor	PROPN	NNP	_	2	nmod:poss	_	SpaceAfter=No
2	's	's	PART	POS	_	3	case	_	_
3	king	king	NOUN	NN	_	4	nsubj	_	_
4	met	meet	VERB	VBD	_	0	root	_	_
5	the	the	DET	DT	_	6	det	_	_
6	envoy	envoy	NOUN	NN	_	4	obj	_	_
7	of	of	ADP	IN	_	8	case	_	_
8	Gondor	Gondor	PROPN	NNP	_	6	nmod	_	SpaceAfter=No
9	.	.	PUNCT	.	_	4	punct	_	_

C
# b: "Gondor" hangs on "met" as obl instead of on "envoy"
sed 's/^8\tGondor\tGondor\tPROPN\tNNP\t_\t6\tnmod/8\tGondor\tGondor\tPROPN\tNNP\t_\t4\tobl/' "$T/a.conllu" >"$T/b.conllu"
python3 "$S/ud_reverse.py" "$T/a.conllu" >"$T/r.conllu"
python3 "$S/ud_reverse.py" "$T/r.conllu" >"$T/rr.conllu"
check "reverse: the first word of the reversed sentence is '.', headed by 'met' at 6" \
  grep -q '^1	\.	\.	PUNCT	\.	_	6	punct' "$T/r.conllu"
check "reverse twice: the same words, heads and relations" cmp -s "$T/a.conllu" "$T/rr.conllu"
python3 "$S/ud_vote.py" "$T/a.conllu" "$T/b.conllu" "$T/a.conllu" "r:$T/r.conllu" >"$T/v.conllu"
check "vote: two of three systems win the arc and its relation, with the reversed one mapped back" \
  cmp -s "$T/a.conllu" "$T/v.conllu"
python3 "$S/ud_vote.py" --weights 1,2 "$T/a.conllu" "$T/a.conllu" "$T/b.conllu" >"$T/w.conllu"
check "vote: weights decide (2 against 1 for the obl arc)" \
  grep -q '^8	Gondor	Gondor	PROPN	NNP	_	4	obl' "$T/w.conllu"
