#!/bin/sh
# make demo: code the bundled example articles with the bundled model and
# dictionaries, write the events (JSONL and TSV), a database and an HTML report in out/.
set -eu
cd "$(dirname "$0")/.."
mkdir -p out
rm -f out/demo.sqlite out/demo.sqlite-wal out/demo.sqlite-shm
echo "== coding examples/articles.jsonl =="
./khaldun code --quiet examples/articles.jsonl --db out/demo.sqlite > out/events.jsonl
./khaldun code --quiet --format tsv examples/articles.jsonl > out/events.tsv
echo "events: $(wc -l < out/events.jsonl) lines in out/events.jsonl and out/events.tsv"
./khaldun report --db out/demo.sqlite -o out/report.html
echo "report: out/report.html"
./khaldun query --db out/demo.sqlite --merged --format tsv > out/merged.tsv
echo "merged events: out/merged.tsv"
