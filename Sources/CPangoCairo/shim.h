#ifndef FOREWARN_CPANGOCAIRO_SHIM_H
#define FOREWARN_CPANGOCAIRO_SHIM_H
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

/* CAIRO_TAG_LINK is a string macro: Swift cannot import it as a C string, so the link tag goes through here. */
static inline void CPangoCairo_tag_begin_link(cairo_t *cr, const char *attributes) {
  cairo_tag_begin(cr, CAIRO_TAG_LINK, attributes);
}

static inline void CPangoCairo_tag_end_link(cairo_t *cr) {
  cairo_tag_end(cr, CAIRO_TAG_LINK);
}

/* PANGO_SCALE is a macro; keep the conversion between points and Pango units in one place. */
static inline int CPangoCairo_units_from_points(double points) {
  return pango_units_from_double(points);
}

static inline double CPangoCairo_points_from_units(int units) {
  return pango_units_to_double(units);
}

/* g_object_unref takes a gpointer; this typed wrapper keeps call sites free of pointer casts. */
static inline void CPangoCairo_object_unref(void *object) {
  g_object_unref(object);
}
#endif
