/* progress.c - the one-line progress display (see progress.h). */
#include "progress.h"

#include <string.h>
#include <time.h>
#include <unistd.h>

#define KH_PROGRESS_INTERVAL 0.25   /* seconds: at most 4 redraws a second */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void kh_progress_init(kh_progress *p, FILE *out, kh_progress_mode mode)
{
    memset(p, 0, sizeof *p);
    p->out = out ? out : stderr;
    if (mode == KH_PROGRESS_FORCE)
        p->enabled = 1;
    else if (mode == KH_PROGRESS_AUTO)
        p->enabled = isatty(fileno(p->out));
    p->start = now_seconds();
    p->last_draw = -1.0;
}

void kh_progress_set_total(kh_progress *p, long long total_bytes)
{
    p->total = total_bytes > 0 ? total_bytes : 0;
}

/* "12,345" into buf; returns buf. */
static const char *group(char *buf, size_t n, long long v)
{
    char raw[32];
    int len = snprintf(raw, sizeof raw, "%lld", v < 0 ? -v : v);
    size_t o = 0;
    if (v < 0 && o + 1 < n)
        buf[o++] = '-';
    for (int i = 0; i < len && o + 1 < n; i++) {
        if (i > 0 && (len - i) % 3 == 0 && o + 1 < n)
            buf[o++] = ',';
        if (o + 1 < n)
            buf[o++] = raw[i];
    }
    buf[o] = '\0';
    return buf;
}

int kh_progress_format(char *buf, size_t n, long documents, long sentences, long events,
                       long long done, long long total, double elapsed)
{
    char d[32], s[32], e[32];
    if (n == 0)
        return 0;
    buf[0] = '\0';
    size_t len = 0;
    /* documents and sentences are left out while zero (a run that only reads events) */
    if (documents > 0)
        len += (size_t)snprintf(buf + len, n - len, "%s docs  ", group(d, sizeof d, documents));
    if (len < n && sentences > 0)
        len += (size_t)snprintf(buf + len, n - len, "%s sentences  ", group(s, sizeof s, sentences));
    if (len < n)
        len += (size_t)snprintf(buf + len, n - len, "%s events", group(e, sizeof e, events));
    if (len < n && elapsed > 0.05) {
        double rate = (double)(documents > 0 ? documents : events) / elapsed;
        len += (size_t)snprintf(buf + len, n - len, "  %.*f %s/s", rate < 10 ? 1 : 0, rate,
                                documents > 0 ? "docs" : "events");
    }
    if (len < n && total > 0 && done >= 0) {
        if (done > total)
            done = total;
        int pct = (int)(100.0 * (double)done / (double)total);
        len += (size_t)snprintf(buf + len, n - len, "  %d%%", pct);
        if (len < n && done > 0 && elapsed > 0.05) {
            double left = elapsed * (double)(total - done) / (double)done;
            long secs = (long)(left + 0.5);
            if (secs >= 3600)
                len += (size_t)snprintf(buf + len, n - len, " %ld:%02ld:%02ld left", secs / 3600,
                                        secs / 60 % 60, secs % 60);
            else
                len += (size_t)snprintf(buf + len, n - len, " %02ld:%02ld left", secs / 60, secs % 60);
        }
    }
    return len >= n ? (int)n - 1 : (int)len;
}

static void draw(kh_progress *p, double now)
{
    char line[256];
    kh_progress_format(line, sizeof line, p->documents, p->sentences, p->events, p->done, p->total,
                       now - p->start);
    /* \r and "erase to end of line": the new line may be shorter than the old */
    fprintf(p->out, "\r%s\033[K", line);
    fflush(p->out);
    p->drawn = 1;
    p->draws++;
    p->last_draw = now;
}

void kh_progress_update_at(kh_progress *p, long documents, long sentences, long events,
                           long long bytes_done, double now)
{
    if (!p->enabled)
        return;
    p->documents = documents;
    p->sentences = sentences;
    p->events = events;
    p->done = bytes_done;
    if (p->last_draw >= 0 && now - p->last_draw < KH_PROGRESS_INTERVAL)
        return;
    draw(p, now);
}

void kh_progress_update(kh_progress *p, long documents, long sentences, long events,
                        long long bytes_done)
{
    if (!p->enabled)
        return;
    kh_progress_update_at(p, documents, sentences, events, bytes_done, now_seconds());
}

void kh_progress_clear(kh_progress *p)
{
    if (!p->enabled || !p->drawn)
        return;
    fputs("\r\033[K", p->out);
    fflush(p->out);
    p->drawn = 0;
    p->last_draw = -1.0;   /* redraw at the next update */
}

void kh_progress_finish(kh_progress *p)
{
    kh_progress_clear(p);
    p->enabled = 0;
}
