/* event.c - writers for coded events: JSONL in the schema of DESIGN.md (field
 * order as there, null for what is absent) and three TSV layouts: our own
 * columns, the Phoenix data set's and a GDELT-like subset. Numbers are printed
 * with fixed precision so that output is byte-for-byte deterministic. */
#include "event.h"

#include <string.h>

static int json_str_or_null(kh_buf *b, const char *s)
{
    return s ? kh_buf_json_str(b, s, strlen(s)) : kh_buf_puts(b, "null");
}

static int json_actor(kh_buf *b, const kh_event_actor *a)
{
    int rc = kh_buf_puts(b, "{\"code\":");
    rc |= json_str_or_null(b, a->code && *a->code ? a->code : NULL);
    rc |= kh_buf_puts(b, ",\"country\":");
    rc |= json_str_or_null(b, a->country && *a->country ? a->country : NULL);
    rc |= kh_buf_puts(b, ",\"text\":");
    rc |= json_str_or_null(b, a->text);
    rc |= kh_buf_puts(b, ",\"entity\":");
    rc |= json_str_or_null(b, a->entity);
    rc |= kh_buf_putc(b, '}');
    return rc ? -1 : 0;
}

static int json_str_array(kh_buf *b, const char *const *v, int n)
{
    int rc = kh_buf_putc(b, '[');
    for (int i = 0; i < n; i++) {
        if (i)
            rc |= kh_buf_putc(b, ',');
        rc |= json_str_or_null(b, v[i]);
    }
    rc |= kh_buf_putc(b, ']');
    return rc ? -1 : 0;
}

int kh_event_to_json(kh_buf *b, const kh_event *e)
{
    size_t mark = b->len;
    int rc = kh_buf_puts(b, "{\"event_id\":");
    rc |= json_str_or_null(b, e->event_id);
    rc |= kh_buf_puts(b, ",\"doc_id\":");
    rc |= json_str_or_null(b, e->doc_id);
    rc |= kh_buf_printf(b, ",\"sentence\":%d,\"date\":", e->sentence);
    rc |= json_str_or_null(b, e->date);
    rc |= kh_buf_puts(b, ",\"date_precision\":");
    rc |= json_str_or_null(b, e->date ? (e->date_precision ? e->date_precision : "day") : NULL);
    rc |= kh_buf_puts(b, ",\"source\":");
    rc |= json_actor(b, &e->source);
    rc |= kh_buf_puts(b, ",\"target\":");
    rc |= json_actor(b, &e->target);
    rc |= kh_buf_puts(b, ",\"cameo\":");
    rc |= json_str_or_null(b, e->cameo);
    rc |= kh_buf_puts(b, ",\"root\":");
    rc |= json_str_or_null(b, e->root);
    if (e->quad_class >= 1 && e->quad_class <= 4)
        rc |= kh_buf_printf(b, ",\"quad_class\":%d", e->quad_class);
    else
        rc |= kh_buf_puts(b, ",\"quad_class\":null");
    if (e->has_goldstein)
        rc |= kh_buf_printf(b, ",\"goldstein\":%.1f", e->goldstein);
    else
        rc |= kh_buf_puts(b, ",\"goldstein\":null");
    rc |= kh_buf_puts(b, ",\"plover\":");
    rc |= json_str_or_null(b, e->plover);
    rc |= kh_buf_printf(b, ",\"negated\":%s,\"location\":", e->negated ? "true" : "false");
    if (e->loc_name) {
        rc |= kh_buf_puts(b, "{\"name\":");
        rc |= json_str_or_null(b, e->loc_name);
        rc |= kh_buf_puts(b, ",\"country\":");
        rc |= json_str_or_null(b, e->loc_country);
        if (e->has_latlon)
            rc |= kh_buf_printf(b, ",\"lat\":%.4f,\"lon\":%.4f}", e->lat, e->lon);
        else
            rc |= kh_buf_puts(b, ",\"lat\":null,\"lon\":null}");
    } else {
        rc |= kh_buf_puts(b, "null");
    }
    rc |= kh_buf_puts(b, ",\"issues\":");
    rc |= json_str_array(b, e->issues, e->nissues);
    rc |= kh_buf_puts(b, ",\"sentence_text\":");
    rc |= json_str_or_null(b, e->sentence_text);
    rc |= kh_buf_printf(b, ",\"span\":[%u,%u],\"pattern\":", e->span_start, e->span_end);
    rc |= json_str_or_null(b, e->pattern);
    rc |= kh_buf_puts(b, ",\"reports\":");
    if (e->nreports > 0)
        rc |= json_str_array(b, e->reports, e->nreports);
    else   /* an unmerged event is supported by its own document */
        rc |= json_str_array(b, &e->doc_id, e->doc_id ? 1 : 0);
    if (e->extra_json && *e->extra_json) {
        rc |= kh_buf_putc(b, ',');
        rc |= kh_buf_puts(b, e->extra_json);
    }
    rc |= kh_buf_putc(b, '}');
    if (rc) {
        /* leave the buffer as it was */
        b->len = mark;
        if (b->data)
            b->data[mark] = '\0';
        return -1;
    }
    return 0;
}

int kh_event_write_jsonl(FILE *out, const kh_event *e)
{
    kh_buf b = KH_BUF_INIT;
    int rc = kh_event_to_json(&b, e);
    if (rc == 0 && (fwrite(b.data, 1, b.len, out) != b.len || fputc('\n', out) == EOF))
        rc = -1;
    kh_buf_free(&b);
    return rc;
}

/* ---- TSV ---- */

static const char *const khaldun_cols =
    "event_id\tdoc_id\tsentence\tdate\tsource_code\tsource_country\ttarget_code\ttarget_country\t"
    "cameo\troot\tquad_class\tgoldstein\tplover\tnegated\tlocation\tlat\tlon\tpattern\tsentence_text";

/* The Phoenix data set's columns (phoenixdata.org, OEDA), in its order. */
static const char *const phoenix_cols =
    "EventID\tDate\tYear\tMonth\tDay\tSourceActorFull\tSourceActorEntity\tSourceActorRole\t"
    "SourceActorAttribute\tTargetActorFull\tTargetActorEntity\tTargetActorRole\tTargetActorAttribute\t"
    "EventCode\tEventRootCode\tQuadClass\tGoldsteinScore\tIssues\tLat\tLon\tLocationName\tStateName\t"
    "CountryCode\tSentenceID\tURLs\tNewsSources";

/* A subset of GDELT 1.0 event columns, same names and meanings. */
static const char *const gdelt_cols =
    "GlobalEventID\tSQLDATE\tMonthYear\tYear\tFractionDate\tActor1Code\tActor1Name\tActor1CountryCode\t"
    "Actor2Code\tActor2Name\tActor2CountryCode\tIsRootEvent\tEventCode\tEventBaseCode\tEventRootCode\t"
    "QuadClass\tGoldsteinScale\tNumMentions\tNumSources\tActionGeo_FullName\tActionGeo_CountryCode\t"
    "ActionGeo_Lat\tActionGeo_Long\tSOURCEURL";

int kh_event_write_tsv_header(FILE *out, kh_tsv_layout layout)
{
    const char *cols = layout == KH_TSV_PHOENIX ? phoenix_cols : layout == KH_TSV_GDELT ? gdelt_cols : khaldun_cols;
    return fprintf(out, "%s\n", cols) < 0 ? -1 : 0;
}

static int tab(kh_buf *b) { return kh_buf_putc(b, '\t'); }

static int field(kh_buf *b, const char *s)
{
    return tab(b) | kh_buf_tsv_field(b, s ? s : "");
}

/* Date parts of "YYYY-MM-DD" (or "YYYY-MM", "YYYY"); 0 when absent. */
static void date_parts(const char *d, int *y, int *m, int *day)
{
    *y = *m = *day = 0;
    if (!d)
        return;
    sscanf(d, "%d-%d-%d", y, m, day);
}

/* Splits a CAMEO actor code: 3-letter entity, first role, the remaining roles. */
static void split_actor(const char *code, char ent[4], char role[4], char attr[64])
{
    ent[0] = role[0] = attr[0] = '\0';
    if (!code)
        return;
    size_t n = strlen(code);
    if (n >= 3) {
        memcpy(ent, code, 3);
        ent[3] = '\0';
    }
    if (n >= 6) {
        memcpy(role, code + 3, 3);
        role[3] = '\0';
    }
    if (n > 6)
        snprintf(attr, 64, "%s", code + 6);
}

static int write_khaldun(kh_buf *b, const kh_event *e)
{
    int rc = kh_buf_tsv_field(b, e->event_id ? e->event_id : "");
    rc |= field(b, e->doc_id);
    rc |= kh_buf_printf(b, "\t%d", e->sentence);
    rc |= field(b, e->date);
    rc |= field(b, e->source.code);
    rc |= field(b, e->source.country);
    rc |= field(b, e->target.code);
    rc |= field(b, e->target.country);
    rc |= field(b, e->cameo);
    rc |= field(b, e->root);
    rc |= (e->quad_class >= 1 && e->quad_class <= 4) ? kh_buf_printf(b, "\t%d", e->quad_class) : tab(b);
    rc |= e->has_goldstein ? kh_buf_printf(b, "\t%.1f", e->goldstein) : tab(b);
    rc |= field(b, e->plover);
    rc |= kh_buf_printf(b, "\t%d", e->negated ? 1 : 0);
    rc |= field(b, e->loc_name);
    rc |= (e->loc_name && e->has_latlon) ? kh_buf_printf(b, "\t%.4f\t%.4f", e->lat, e->lon) : (tab(b) | tab(b));
    rc |= field(b, e->pattern);
    rc |= field(b, e->sentence_text);
    return rc ? -1 : 0;
}

static int write_phoenix(kh_buf *b, const kh_event *e)
{
    int y, m, d;
    date_parts(e->date, &y, &m, &d);
    char se[4], sr[4], sa[64], te[4], tr[4], ta[64];
    split_actor(e->source.code, se, sr, sa);
    split_actor(e->target.code, te, tr, ta);
    int rc = kh_buf_tsv_field(b, e->event_id ? e->event_id : "");
    if (y)
        rc |= kh_buf_printf(b, "\t%04d%02d%02d\t%d\t%d\t%d", y, m, d, y, m, d);
    else
        rc |= kh_buf_puts(b, "\t\t\t\t");
    rc |= field(b, e->source.code) | field(b, se) | field(b, sr) | field(b, sa);
    rc |= field(b, e->target.code) | field(b, te) | field(b, tr) | field(b, ta);
    rc |= field(b, e->cameo) | field(b, e->root);
    rc |= (e->quad_class >= 1 && e->quad_class <= 4) ? kh_buf_printf(b, "\t%d", e->quad_class) : tab(b);
    rc |= e->has_goldstein ? kh_buf_printf(b, "\t%.1f", e->goldstein) : tab(b);
    rc |= tab(b);
    for (int i = 0; i < e->nissues; i++)
        rc |= (i ? kh_buf_putc(b, ';') : 0) | kh_buf_tsv_field(b, e->issues[i]);
    rc |= (e->loc_name && e->has_latlon) ? kh_buf_printf(b, "\t%.4f\t%.4f", e->lat, e->lon) : (tab(b) | tab(b));
    rc |= field(b, e->loc_name);
    rc |= tab(b);   /* StateName: not known */
    rc |= field(b, e->loc_country);
    rc |= tab(b) | kh_buf_tsv_field(b, e->doc_id ? e->doc_id : "");
    rc |= kh_buf_printf(b, "-%d", e->sentence);
    rc |= tab(b);   /* URLs: not carried by the event */
    rc |= tab(b);
    if (e->nreports > 0)
        for (int i = 0; i < e->nreports; i++)
            rc |= (i ? kh_buf_putc(b, ';') : 0) | kh_buf_tsv_field(b, e->reports[i]);
    else
        rc |= kh_buf_tsv_field(b, e->doc_id ? e->doc_id : "");
    return rc ? -1 : 0;
}

static int write_gdelt(kh_buf *b, const kh_event *e)
{
    int y, m, d;
    date_parts(e->date, &y, &m, &d);
    int rc = kh_buf_tsv_field(b, e->event_id ? e->event_id : "");
    if (y)   /* FractionDate as GDELT defines it: year + (month * 30 + day) / 365 */
        rc |= kh_buf_printf(b, "\t%04d%02d%02d\t%04d%02d\t%d\t%.4f", y, m, d, y, m, y,
                            y + (m * 30 + d) / 365.0);
    else
        rc |= kh_buf_puts(b, "\t\t\t\t");
    rc |= field(b, e->source.code) | field(b, e->source.text) | field(b, e->source.country);
    rc |= field(b, e->target.code) | field(b, e->target.text) | field(b, e->target.country);
    rc |= kh_buf_printf(b, "\t%d", e->sentence == 0 ? 1 : 0);
    char base[4] = "";
    if (e->cameo && strlen(e->cameo) >= 3) {
        memcpy(base, e->cameo, 3);
        base[3] = '\0';
    }
    rc |= field(b, e->cameo) | field(b, base) | field(b, e->root);
    rc |= (e->quad_class >= 1 && e->quad_class <= 4) ? kh_buf_printf(b, "\t%d", e->quad_class) : tab(b);
    rc |= e->has_goldstein ? kh_buf_printf(b, "\t%.1f", e->goldstein) : tab(b);
    int n = e->nreports > 0 ? e->nreports : 1;
    rc |= kh_buf_printf(b, "\t%d\t%d", n, n);
    rc |= field(b, e->loc_name) | field(b, e->loc_country);
    rc |= (e->loc_name && e->has_latlon) ? kh_buf_printf(b, "\t%.4f\t%.4f", e->lat, e->lon) : (tab(b) | tab(b));
    rc |= tab(b);   /* SOURCEURL: not carried by the event */
    return rc ? -1 : 0;
}

int kh_event_write_tsv(FILE *out, const kh_event *e, kh_tsv_layout layout)
{
    kh_buf b = KH_BUF_INIT;
    int rc = layout == KH_TSV_PHOENIX ? write_phoenix(&b, e)
           : layout == KH_TSV_GDELT   ? write_gdelt(&b, e)
                                      : write_khaldun(&b, e);
    if (rc == 0 && (fwrite(b.data, 1, b.len, out) != b.len || fputc('\n', out) == EOF))
        rc = -1;
    kh_buf_free(&b);
    return rc;
}
