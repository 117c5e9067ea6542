#ifndef CICAL_SHIM_H
#define CICAL_SHIM_H

#include <libical/ical.h>
#include <string.h>

/* Swift sees neither the 2 KiB icalrecurrencetype struct (its BY* arrays import as huge tuples) nor
   icalerrno (a macro over a function). These wrappers keep the rule inside C and hand Swift plain values. */

/* What Forewarn needs to know about a parsed rule. Times are floating wall-clock readings. */
typedef struct {
    int freq;            /* icalrecurrencetype_frequency */
    int interval;
    int count;           /* 0 when absent */
    int has_until;
    int until_is_date;   /* UNTIL=20270630 (a date) rather than a date-time */
    int until_is_utc;    /* UNTIL ends in Z */
    int until_year, until_month, until_day, until_hour, until_minute, until_second;
} CICal_rule_info;

/* Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's algorithm). */
static inline long long CICal_days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static inline long long CICal_wall_seconds(struct icaltimetype t) {
    return CICal_days_from_civil(t.year, t.month, t.day) * 86400LL + t.hour * 3600LL + t.minute * 60LL + t.second;
}

/* Parses an RRULE value ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"); returns 0 and fills info, or -1 when libical refuses it. */
static inline int CICal_parse_rule(const char *text, CICal_rule_info *info) {
    icalerror_clear_errno();
    struct icalrecurrencetype rule = icalrecurrencetype_from_string(text);
    if (icalerrno != ICAL_NO_ERROR || rule.freq == ICAL_NO_RECURRENCE) {
        icalerror_clear_errno();
        return -1;
    }
    memset(info, 0, sizeof(*info));
    info->freq = (int)rule.freq;
    info->interval = rule.interval;
    info->count = rule.count;
    if (!icaltime_is_null_time(rule.until)) {
        info->has_until = 1;
        info->until_is_date = rule.until.is_date;
        info->until_is_utc = icaltime_is_utc(rule.until);
        info->until_year = rule.until.year;
        info->until_month = rule.until.month;
        info->until_day = rule.until.day;
        info->until_hour = rule.until.hour;
        info->until_minute = rule.until.minute;
        info->until_second = rule.until.second;
    }
    return 0;
}

/* Expands `text` from the floating wall-clock start y-mo-d h:mi:s, ignoring its UNTIL (the caller bounds the series
   in UTC after placing each reading in its zone) but honouring COUNT. Writes wall-clock readings as seconds since
   1970-01-01 read as if UTC, up to `max` of them and none after `limit_wall`. Returns how many, or -1 on a bad rule. */
static inline int CICal_expand(const char *text, int y, int mo, int d, int h, int mi, int s,
                               long long limit_wall, long long *out, int max) {
    icalerror_clear_errno();
    struct icalrecurrencetype rule = icalrecurrencetype_from_string(text);
    if (icalerrno != ICAL_NO_ERROR || rule.freq == ICAL_NO_RECURRENCE) {
        icalerror_clear_errno();
        return -1;
    }
    rule.until = icaltime_null_time();
    struct icaltimetype start = icaltime_null_time();
    start.year = y; start.month = mo; start.day = d;
    start.hour = h; start.minute = mi; start.second = s;
    start.is_date = 0;
    start.zone = NULL;
    icalrecur_iterator *it = icalrecur_iterator_new(rule, start);
    if (it == NULL) {
        icalerror_clear_errno();
        return -1;
    }
    int n = 0;
    while (n < max) {
        struct icaltimetype next = icalrecur_iterator_next(it);
        if (icaltime_is_null_time(next)) break;
        long long wall = CICal_wall_seconds(next);
        if (wall > limit_wall) break;
        out[n++] = wall;
    }
    icalrecur_iterator_free(it);
    return n;
}

/* The VTIMEZONE component of an IANA zone as iCalendar text (built by libical from the system's tzdata), or NULL
   for an unknown zone. Free the result with CICal_free. */
static inline char *CICal_vtimezone(const char *tzid) {
    icaltimezone *zone = icaltimezone_get_builtin_timezone(tzid);
    if (zone == NULL) return NULL;
    icalcomponent *component = icaltimezone_get_component(zone);
    if (component == NULL) return NULL;
    return icalcomponent_as_ical_string_r(component);
}

static inline void CICal_free(char *text) {
    icalmemory_free_buffer(text);
}

#endif
