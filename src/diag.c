/* diag.c - FILE:LINE diagnostics (see diag.h). */
#include "diag.h"

#include <stdarg.h>

void kh_diag_init(kh_diag *d, FILE *out)
{
    d->out = out;
    d->nerrors = d->nwarnings = 0;
    d->strict = d->quiet = 0;
}

static void emit(FILE *out, const char *kind, const char *file, long line,
                 const char *fmt, va_list ap)
{
    if (!out)
        return;
    if (file && line > 0)
        fprintf(out, "%s:%ld: %s: ", file, line, kind);
    else if (file)
        fprintf(out, "%s: %s: ", file, kind);
    else
        fprintf(out, "khaldun: %s: ", kind);
    vfprintf(out, fmt, ap);
    fputc('\n', out);
}

void kh_diag_error(kh_diag *d, const char *file, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    d->nerrors++;
    emit(d->out, "error", file, line, fmt, ap);
    va_end(ap);
}

void kh_diag_warn(kh_diag *d, const char *file, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    d->nwarnings++;
    if (!d->quiet)
        emit(d->out, "warning", file, line, fmt, ap);
    va_end(ap);
}

int kh_diag_should_stop(const kh_diag *d)
{
    return d->strict && d->nerrors > 0;
}
