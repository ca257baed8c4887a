#!/bin/sh
# gen_events.sh N - prints N made-up events (JSONL, the schema of `khaldun code`)
# spread over 2023-01..2024-12 among 4 dyads, for the report and service tests.
# Deterministic. Event 3 carries an injected <script> in its sentence and actor
# text, which the report must show as text.
n=${1:-60}
awk -v n="$n" 'BEGIN {
  split("USA IRQ TUR IRQ IRN IRQ RUS UKR", side, " ");
  split("Washington|Baghdad|Ankara|Baghdad|Tehran|Baghdad|Moscow|Kyiv", place, "|");
  split("042 043 0212 051 057 111 120 130 173 190", code, " ");
  split("1 1 1 1 1 3 3 3 4 4", quad, " ");
  split("1.9 2.8 3.4 3.5 8.0 -2.0 -4.0 -4.4 -5.0 -10.0", gold, " ");
  split("visited|hosted|asked|praised|signed|criticized|rejected|threatened|arrested|attacked", verb, "|");
  for (i = 0; i < n; i++) {
    d = (i % 7 == 0 || i % 7 == 3) ? 0 : (i % 7 == 5 ? 2 : (i % 7 == 6 ? 3 : 1));  # dyad 0 most frequent
    a = side[2 * d + 1]; b = side[2 * d + 2];
    if (i % 2) { t = a; a = b; b = t }
    c = (i * 3) % 10 + 1;
    y = 2023 + int((i % 24) / 12); m = (i % 12) + 1; day = (i % 27) + 1;
    date = sprintf("%04d-%02d-%02d", y, m, day);
    st = a " officials " verb[c] " " b " in talks";
    at = a " officials";
    if (i == 3) { st = "<script>alert(2)</script> " st; at = "<script>alert(1)</script>" }
    printf "{\"event_id\":\"ev-%03d\",\"doc_id\":\"doc-%03d\",\"sentence\":0,\"date\":\"%s\",\"date_precision\":\"day\",", i, i, date;
    printf "\"source\":{\"code\":\"%sGOV\",\"country\":\"%s\",\"text\":\"%s\",\"entity\":%s},", a, a, at, (a == "IRQ" ? "\"Q-irq-gov\"" : "null");
    printf "\"target\":{\"code\":\"%s\",\"country\":\"%s\",\"text\":\"%s\",\"entity\":null},", b, b, b;
    printf "\"cameo\":\"%s\",\"root\":\"%s\",\"quad_class\":%d,\"goldstein\":%s,\"plover\":null,\"negated\":false,", code[c], substr(code[c], 1, 2), quad[c], gold[c];
    printf "\"location\":{\"name\":\"%s\",\"country\":\"%s\",\"lat\":null,\"lon\":null},\"issues\":[],", place[2 * d + 1], a;
    printf "\"sentence_text\":\"%s\",\"span\":[0,%d],\"pattern\":\"%s\",", st, length(st), toupper(substr(verb[c], 1, 4));
    printf "\"reports\":[\"doc-%03d\"%s]}\n", i, (i % 5 == 0 ? sprintf(",\"doc-%03d\"", i + 1) : "");
  }
}'
