/* svg.c - stacked-bar and line charts as plain SVG (see svg.h). */
#include "svg.h"

#include <math.h>
#include <string.h>

/* Space around the plot area, in viewBox units: tick labels on the left, the
 * legend on top, the x labels below. */
#define ML 46
#define MR 10
#define MT 26
#define MB 30
#define FONT_DEFAULT 11

int kh_svg_escapen(kh_buf *b, const char *s, size_t n)
{
    int rc = 0;
    size_t run = 0;   /* start of the bytes not yet copied */
    for (size_t i = 0; i < n && rc == 0; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *rep = NULL;
        switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default:
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                rep = "\xEF\xBF\xBD";   /* not allowed in XML 1.0 */
            break;
        }
        if (!rep)
            continue;
        rc |= kh_buf_append(b, s + run, i - run);
        rc |= kh_buf_puts(b, rep);
        run = i + 1;
    }
    if (rc == 0)
        rc = kh_buf_append(b, s + run, n - run);
    return rc ? -1 : 0;
}

int kh_svg_escape(kh_buf *b, const char *s)
{
    return s ? kh_svg_escapen(b, s, strlen(s)) : 0;
}

double kh_svg_ticks(double lo, double hi, int max_ticks, double *first, double *last)
{
    if (max_ticks < 1)
        max_ticks = 1;
    if (!(hi > lo)) {   /* also catches NaN */
        hi = lo + 1;
    }
    double raw = (hi - lo) / max_ticks;
    double mag = pow(10, floor(log10(raw)));
    double step = mag;
    static const double mult[] = {1, 2, 5, 10};
    for (int i = 0; i < 4; i++) {
        step = mult[i] * mag;
        if (ceil(hi / step) - floor(lo / step) <= max_ticks)
            break;
    }
    *first = floor(lo / step) * step;
    *last = ceil(hi / step) * step;
    return step;
}

/* A number for a tick label: no "-0", no needless decimals. */
static int put_num(kh_buf *b, double v)
{
    if (fabs(v) < 1e-9)
        v = 0;
    if (fabs(v - round(v)) < 1e-9)
        return kh_buf_printf(b, "%.0f", v);
    return kh_buf_printf(b, "%g", v);
}

typedef struct frame {
    double x0, y0, w, h;      /* plot area */
    double lo, hi;            /* value range of the y axis */
    double slot;              /* width of one x position */
    int font;
} frame;

static double ypos(const frame *f, double v)
{
    return f->y0 + f->h - (v - f->lo) / (f->hi - f->lo) * f->h;
}

static void value_range(const kh_svg_chart *c, double *lo, double *hi)
{
    *lo = 0;
    *hi = 0;
    for (int i = 0; i < c->nx; i++) {
        double pos = 0;
        for (int s = 0; s < c->nseries; s++) {
            double v = c->series[s].y[i];
            if (!isfinite(v))
                continue;
            if (c->kind == KH_SVG_STACKED) {
                pos += v > 0 ? v : 0;
            } else {
                if (v < *lo)
                    *lo = v;
                if (v > *hi)
                    *hi = v;
            }
        }
        if (c->kind == KH_SVG_STACKED && pos > *hi)
            *hi = pos;
    }
    if (*hi <= *lo)
        *hi = *lo + 1;
}

static int write_axes(kh_buf *b, const kh_svg_chart *c, const frame *f, double step)
{
    int rc = 0;
    /* horizontal grid lines with their values */
    for (double v = f->lo; v <= f->hi + step / 2 && rc == 0; v += step) {
        double y = ypos(f, v);
        rc |= kh_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>",
                            f->x0, y, f->x0 + f->w, y, fabs(v) < 1e-9 ? "#555" : "#ddd");
        rc |= kh_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" class=\"tick\">",
                            f->x0 - 4, y + f->font / 3.0);
        rc |= put_num(b, v);
        rc |= kh_buf_puts(b, "</text>");
    }
    /* x labels, thinned so that they do not overlap (about 7 characters each) */
    int maxlab = (int)(f->w / (f->font * 4.4));
    if (maxlab < 1)
        maxlab = 1;
    int every = (c->nx + maxlab - 1) / maxlab;
    if (every < 1)
        every = 1;
    for (int i = 0; i < c->nx && rc == 0; i += every) {
        rc |= kh_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"tick\">",
                            f->x0 + (i + 0.5) * f->slot, f->y0 + f->h + f->font + 4);
        rc |= kh_svg_escape(b, c->xlabels && c->xlabels[i] ? c->xlabels[i] : "");
        rc |= kh_buf_puts(b, "</text>");
    }
    if (c->ylabel) {
        rc |= kh_buf_printf(b, "<text x=\"10\" y=\"%.1f\" text-anchor=\"middle\" class=\"axis\" "
                               "transform=\"rotate(-90 10 %.1f)\">", f->y0 + f->h / 2, f->y0 + f->h / 2);
        rc |= kh_svg_escape(b, c->ylabel);
        rc |= kh_buf_puts(b, "</text>");
    }
    return rc;
}

static int write_legend(kh_buf *b, const kh_svg_chart *c, int font)
{
    int rc = 0;
    double x = ML;
    for (int s = 0; s < c->nseries && rc == 0; s++) {
        const char *name = c->series[s].name ? c->series[s].name : "";
        rc |= kh_buf_printf(b, "<g class=\"legend\"><rect x=\"%.1f\" y=\"6\" width=\"10\" height=\"10\" fill=\"",
                            x);
        rc |= kh_svg_escape(b, c->series[s].color ? c->series[s].color : "#888");
        rc |= kh_buf_printf(b, "\"/><text x=\"%.1f\" y=\"15\">", x + 14);
        rc |= kh_svg_escape(b, name);
        rc |= kh_buf_puts(b, "</text></g>");
        x += 14 + 0.6 * font * (double)strlen(name) + 14;   /* rough text width */
    }
    return rc;
}

static int write_bars(kh_buf *b, const kh_svg_chart *c, const frame *f)
{
    int rc = 0;
    double bw = f->slot * 0.78;
    for (int i = 0; i < c->nx && rc == 0; i++) {
        double base = 0;
        double x = f->x0 + i * f->slot + (f->slot - bw) / 2;
        for (int s = 0; s < c->nseries && rc == 0; s++) {
            double v = c->series[s].y[i];
            if (!isfinite(v) || v <= 0)
                continue;
            double ytop = ypos(f, base + v), ybot = ypos(f, base);
            rc |= kh_buf_printf(b, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"",
                                x, ytop, bw, ybot - ytop);
            rc |= kh_svg_escape(b, c->series[s].color ? c->series[s].color : "#888");
            rc |= kh_buf_puts(b, "\"><title>");
            rc |= kh_svg_escape(b, c->xlabels && c->xlabels[i] ? c->xlabels[i] : "");
            rc |= kh_buf_puts(b, " ");
            rc |= kh_svg_escape(b, c->series[s].name ? c->series[s].name : "");
            rc |= kh_buf_puts(b, ": ");
            rc |= put_num(b, v);
            rc |= kh_buf_puts(b, "</title></rect>");
            base += v;
        }
    }
    return rc;
}

static int write_lines(kh_buf *b, const kh_svg_chart *c, const frame *f)
{
    int rc = 0;
    for (int s = 0; s < c->nseries && rc == 0; s++) {
        const char *color = c->series[s].color ? c->series[s].color : "#888";
        rc |= kh_buf_puts(b, "<polyline class=\"line\" fill=\"none\" stroke-width=\"2\" stroke=\"");
        rc |= kh_svg_escape(b, color);
        rc |= kh_buf_puts(b, "\" points=\"");
        for (int i = 0; i < c->nx && rc == 0; i++) {
            double v = isfinite(c->series[s].y[i]) ? c->series[s].y[i] : 0;
            rc |= kh_buf_printf(b, "%s%.1f,%.1f", i ? " " : "", f->x0 + (i + 0.5) * f->slot, ypos(f, v));
        }
        rc |= kh_buf_puts(b, "\"/>");
        for (int i = 0; i < c->nx && rc == 0; i++) {
            double v = isfinite(c->series[s].y[i]) ? c->series[s].y[i] : 0;
            rc |= kh_buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"", f->x0 + (i + 0.5) * f->slot,
                                ypos(f, v));
            rc |= kh_svg_escape(b, color);
            rc |= kh_buf_puts(b, "\"><title>");
            rc |= kh_svg_escape(b, c->xlabels && c->xlabels[i] ? c->xlabels[i] : "");
            rc |= kh_buf_puts(b, " ");
            rc |= kh_svg_escape(b, c->series[s].name ? c->series[s].name : "");
            rc |= kh_buf_puts(b, ": ");
            rc |= put_num(b, v);
            rc |= kh_buf_puts(b, "</title></circle>");
        }
    }
    return rc;
}

int kh_svg_chart_write(kh_buf *b, const kh_svg_chart *c)
{
    int width = c->width > ML + MR + 10 ? c->width : 640;
    int height = c->height > MT + MB + 10 ? c->height : 220;
    frame f;
    f.x0 = ML;
    f.y0 = MT;
    f.w = width - ML - MR;
    f.h = height - MT - MB;
    f.slot = f.w / (c->nx > 0 ? c->nx : 1);
    f.font = c->font_size > 0 ? c->font_size : FONT_DEFAULT;
    double lo, hi;
    value_range(c, &lo, &hi);
    double step = kh_svg_ticks(lo, hi, 5, &f.lo, &f.hi);

    int rc = kh_buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"");
    rc |= kh_svg_escape(b, c->css_class ? c->css_class : "kh-chart");
    rc |= kh_buf_printf(b, "\" viewBox=\"0 0 %d %d\" role=\"img\" font-family=\"sans-serif\" "
                           "font-size=\"%d\" aria-label=\"", width, height, f.font);
    rc |= kh_svg_escape(b, c->title ? c->title : "chart");
    rc |= kh_buf_puts(b, "\"><title>");
    rc |= kh_svg_escape(b, c->title ? c->title : "chart");
    rc |= kh_buf_puts(b, "</title>");
    rc |= write_axes(b, c, &f, step);
    rc |= write_legend(b, c, f.font);
    rc |= c->kind == KH_SVG_STACKED ? write_bars(b, c, &f) : write_lines(b, c, &f);
    rc |= kh_buf_puts(b, "</svg>");
    return rc ? -1 : 0;
}
