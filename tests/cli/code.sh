#!/bin/sh
# `khaldun code` on parsed input (CoNLL-U written here) with the PETRARCH validation
# dictionaries: events, negation, output formats, counts, rejected input, and the
# same output for -j 1 and -j 4; the predicate as written, the progress line, and
# actors resolved across sentences (our dictionaries). Raw text is coded only when
# the model is built.
. "$(dirname "$0")/../lib.sh"
plan 22
P=petrarch
if ! need_shared data/validation/petrarch/PETR.Validate.verbs.2.0.txt; then
  i=0; while [ $i -lt 22 ]; do skip_test "shared corpora absent"; i=$((i + 1)); done; exit 0
fi
D="--dict $KH_SHARED/data/validation/petrarch/PETR.Validate.verbs.2.0.txt --dict $KH_SHARED/data/validation/petrarch/PETR.Validate.actors.UniversalPetrarch.txt"

# word FORM LEMMA UPOS HEAD DEPREL -> one CoNLL-U line (ID counted per sentence)
sent() {  # sent ID "w l U h r" ... : one document with one sentence
  echo "# newdoc id = $1"; shift
  n=0
  for w in "$@"; do
    n=$((n + 1)); set -- $w
    printf '%d\t%s\t%s\t%s\t_\t_\t%s\t%s\t_\t_\n' "$n" "$1" "$2" "$3" "$4" "$5"
  done
  echo
}
{
  sent d1 "Arnor Arnor PROPN 2 nsubj" "criticized criticize VERB 0 root" "Gondor Gondor PROPN 2 obj"
  sent d2 "Arnor Arnor PROPN 4 nsubj" "did do AUX 4 aux" "not not PART 4 advmod" "criticize criticize VERB 0 root" "Gondor Gondor PROPN 4 obj"
  sent d3 "Arnor Arnor PROPN 4 nsubj" "and and CCONJ 3 cc" "Eriador Eriador PROPN 1 conj" "criticized criticize VERB 0 root" "Gondor Gondor PROPN 4 obj"
} >"$T/in.conllu"

"$KH" code "$T/in.conllu" --no-model $D >"$T/out.jsonl" 2>"$T/err"; rc=$?
check "codes parsed input (exit 0)" test $rc -eq 0
check "Arnor criticizes Gondor: source ARN, target GON, code 111" \
  grep -q '"doc_id":"d1".*"source":{"code":"ARN".*"target":{"code":"GON".*"cameo":"111"' "$T/out.jsonl"
check "the negated criticism gives no event" sh -c "! grep -q '\"doc_id\":\"d2\"' '$T/out.jsonl'"
check "conjoined subjects give one event each (ARN, ERI)" test "$(grep -c '"doc_id":"d3"' "$T/out.jsonl")" -eq 2
check "counts end the run" grep -q '^3 documents, 3 sentences, 3 events, 0 skipped, 0 rejected' "$T/err"
"$KH" code "$T/in.conllu" --no-model --negated $D >"$T/neg.jsonl" 2>/dev/null
check "--negated keeps it, flagged" grep -q '"doc_id":"d2".*"negated":true' "$T/neg.jsonl"
"$KH" code "$T/in.conllu" --no-model --format tsv $D >"$T/out.tsv" 2>/dev/null
check "tsv: a header and one line per event" test "$(wc -l <"$T/out.tsv")" -eq 4
check "every event names the pattern that fired" test "$(grep -c '"pattern":"PETR.Validate.verbs.2.0.txt:[0-9]' "$T/out.jsonl")" -eq 3
check "every event carries the predicate as written and its byte span" \
  test "$(grep -c '"predicate":"criticized","predicate_span":\[[0-9]*,[0-9]*\]' "$T/out.jsonl")" -eq 3

# progress: drawn on stderr (forced here, stderr being a file), erased before the counts;
# --quiet draws nothing
"$KH" code "$T/in.conllu" --no-model --progress $D >/dev/null 2>"$T/prog"
crs() { tr -cd '\r' <"$1" | wc -c; }
check "--progress draws a line with the counts and erases it before the final counts" \
  sh -c "test \$(tr -cd '\\r' <'$T/prog' | wc -c) -ge 2 && grep -q '3 events' '$T/prog' && tail -1 '$T/prog' | grep -q '3 documents, 3 sentences, 3 events'"
"$KH" code "$T/in.conllu" --no-model --quiet $D >/dev/null 2>"$T/quiet"
check "--quiet: no progress line" test "$(crs "$T/quiet")" -eq 0

# a broken sentence is rejected with FILE:LINE, the run goes on and exits 1
{ sent bad "Arnor Arnor PROPN 9 nsubj" "criticized criticize VERB 0 root"; cat "$T/in.conllu"; } >"$T/bad.conllu"
"$KH" code "$T/bad.conllu" --no-model $D >"$T/out2.jsonl" 2>"$T/err2"; rc=$?
check "rejected input: exit 1" test $rc -eq 1
check "rejected input is named FILE:LINE and counted" sh -c "grep -q 'bad.conllu:2:' '$T/err2' && grep -q '1 rejected' '$T/err2'"

# -j 4 writes exactly what -j 1 writes
i=0; : >"$T/many.conllu"
while [ $i -lt 100 ]; do sed "s/newdoc id = d/newdoc id = r$i-d/" "$T/in.conllu" >>"$T/many.conllu"; i=$((i + 1)); done
"$KH" code "$T/many.conllu" --no-model -j 1 $D >"$T/j1" 2>/dev/null
"$KH" code "$T/many.conllu" --no-model -j 4 $D >"$T/j4" 2>/dev/null
check "-j 4 output is identical to -j 1" cmp -s "$T/j1" "$T/j4"
check "-j 1 coded all 300 documents" test "$(wc -l <"$T/j1")" -eq 300

# a model that cannot be used stops the run with one message that names it once
head -c 1000 "${KH_MODEL:-data/models/en_ewt.khm}" >"$T/cut.khm" 2>/dev/null
printf '{"id":"m1","text":"Arnor criticized Gondor."}\n' >"$T/m.jsonl"
"$KH" code --model "$T/cut.khm" "$T/m.jsonl" >/dev/null 2>"$T/cut.err"; rc=$?
check "a truncated model: exit 2 and 'rebuild it'" sh -c "test $rc -eq 2 && grep -q \"rebuild it with 'khaldun train'\" '$T/cut.err'"
check "the model's path is named once" test "$(grep -o 'cut.khm' "$T/cut.err" | wc -l)" -eq 1

# explain: tree, actors, predicates and the reason for each (needs the parsing model)
"$KH" explain "Arnor did not criticize Gondor, but Eriador criticized Gondor." $D >"$T/ex" 2>"$T/ex.err"
if grep -q "rebuild it with 'khaldun train'" "$T/ex.err"; then
  model_refused "$T/ex.err"; model_refused "$T/ex.err"
else
  check "explain shows the actors and each predicate" sh -c "grep -q 'actors: .*ARN' '$T/ex' && grep -q 'predicate .*criticize' '$T/ex'"
  check "explain says why the negated one was not coded, and codes the other" \
    sh -c "grep -q 'not coded: negated' '$T/ex' && grep -q '\"source\":{\"code\":\"ERI\"' '$T/ex'"
fi

# coreference with our dictionaries (data/dict): "He" and "The two sides" are resolved
cat >"$T/three.conllu" <<'EOF3'
# newdoc id = three
# date = 2024-04-13
# text = Iraqi Defense Minister Karim Nouri met Lloyd Austin.
1	Iraqi	Iraqi	ADJ	JJ	_	3	amod	_	_
2	Defense	defense	PROPN	NNP	_	3	compound	_	_
3	Minister	minister	PROPN	NNP	_	5	compound	_	_
4	Karim	Karim	PROPN	NNP	_	5	compound	_	_
5	Nouri	Nouri	PROPN	NNP	_	6	nsubj	_	_
6	met	meet	VERB	VBD	_	0	root	_	_
7	Lloyd	Lloyd	PROPN	NNP	_	8	compound	_	_
8	Austin	Austin	PROPN	NNP	_	6	obj	_	SpaceAfter=No
9	.	.	PUNCT	.	_	6	punct	_	_

# text = He praised Turkey.
1	He	he	PRON	PRP	_	2	nsubj	_	_
2	praised	praise	VERB	VBD	_	0	root	_	_
3	Turkey	Turkey	PROPN	NNP	_	2	obj	_	SpaceAfter=No
4	.	.	PUNCT	.	_	2	punct	_	_

# text = The two sides criticized Iran.
1	The	the	DET	DT	_	3	det	_	_
2	two	two	NUM	CD	_	3	nummod	_	_
3	sides	side	NOUN	NNS	_	4	nsubj	_	_
4	criticized	criticize	VERB	VBD	_	0	root	_	_
5	Iran	Iran	PROPN	NNP	_	4	obj	_	SpaceAfter=No
6	.	.	PUNCT	.	_	4	punct	_	_

EOF3
if [ -r data/dict/verbs.dict ]; then
  "$KH" code "$T/three.conllu" --no-model --date 2024-04-13 >"$T/three.jsonl" 2>"$T/three.err"
  check "coreference: \"He\" is the Iraqi minister (IRQGOVMIL praised TUR, 051)" \
    grep -q '"sentence":1,.*"source":{"code":"IRQGOVMIL".*"target":{"code":"TUR".*"cameo":"051"' "$T/three.jsonl"
  check "coreference: \"the two sides\" are both parties of the last event (two 111 events)" \
    test "$(grep '"sentence":2,' "$T/three.jsonl" | grep -c '"cameo":"111"')" -eq 2
  "$KH" code "$T/three.conllu" --no-model --date 2024-04-13 --option coref=false >"$T/nocoref.jsonl" 2>/dev/null
  check "--option coref=false: only the first sentence is coded" sh -c "! grep -q '\"sentence\":[12],' '$T/nocoref.jsonl'"
else
  skip_test "data/dict absent"; skip_test "data/dict absent"; skip_test "data/dict absent"
fi
