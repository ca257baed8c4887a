/* svg.h - small, well-formed SVG charts for the HTML report: stacked bars and lines
 * over labelled x positions (weeks or months), with axes, tick labels, a legend and
 * a <title> for screen readers.
 *
 * Why our own and not cairo's SVG surface: cairo draws text as glyph outlines (no
 * selectable text, large files, font-dependent output) and its output differs
 * between versions; these charts are a few hundred bytes of plain elements, always
 * byte-identical for the same data, and need no library. Colours are presentation
 * attributes, so a page whose Content-Security-Policy forbids everything but
 * inline styles still shows them. Every text is XML-escaped. */
#ifndef KH_SVG_H
#define KH_SVG_H

#include "buf.h"

typedef enum kh_svg_kind {
    KH_SVG_STACKED = 0,     /* stacked bars; values below 0 count as 0 */
    KH_SVG_LINES            /* one polyline (with dots) per series; any sign; a zero line */
} kh_svg_kind;

typedef struct kh_svg_series {
    const char *name;       /* legend text */
    const char *color;      /* "#1b7837" */
    const double *y;        /* nx values */
} kh_svg_series;

typedef struct kh_svg_chart {
    kh_svg_kind kind;
    const char *title;      /* <title> and aria-label */
    const char *css_class;  /* class of the <svg> element (NULL: "kh-chart") */
    const char *ylabel;     /* vertical axis caption, or NULL */
    int width, height;      /* viewBox size (the svg scales to its container) */
    const char *const *xlabels;
    int nx;
    const kh_svg_series *series;
    int nseries;
    int font_size;          /* in viewBox units; 0: 11 */
} kh_svg_chart;

/* Appends one <svg> element for c to b. Returns 0, or -1 when memory runs out. */
int kh_svg_chart_write(kh_buf *b, const kh_svg_chart *c);

/* Appends s with & < > " ' escaped (valid in XML and HTML text and attributes);
 * bytes that are not valid in XML (control characters) become U+FFFD. */
int kh_svg_escape(kh_buf *b, const char *s);
int kh_svg_escapen(kh_buf *b, const char *s, size_t n);

/* Nice axis ticks for [lo, hi]: step is 1, 2 or 5 times a power of ten, giving at
 * most max_ticks intervals; *first and *last are the outer ticks (first <= lo,
 * last >= hi). Returns the step. */
double kh_svg_ticks(double lo, double hi, int max_ticks, double *first, double *last);

#endif
