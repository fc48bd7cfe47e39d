/* SPDX-License-Identifier: MIT */
/* The field rules on decoded values, shared by the decoder, the validator
 * and the encoder so that what apig writes it also accepts. */
#include "core.h"

apig_error_kind apig__check_string(const apig_field *f, const char *s,
                                   size_t len, size_t *chars)
{
    const unsigned char *p = (const unsigned char *)s;
    /* ASCII is tested against the set's bitmap, without decoding. */
    const uint64_t *ascii = apig__ascii_of(f->charset);
    size_t count = 0;
    for (size_t i = 0; i < len; count++) {
        if (p[i] < 0x80) {
            if (!((ascii[p[i] >> 6] >> (p[i] & 63)) & 1u)) {
                *chars = count;
                return APIG_ERROR_CHARSET;
            }
            i++;
            continue;
        }
        size_t used;
        uint32_t cp = apig__utf8_decode(p + i, len - i, &used);
        if (cp == APIG__UTF8_BAD || !apig__charset_has(f->charset, cp)) {
            *chars = count;
            return APIG_ERROR_CHARSET;
        }
        i += used;
    }
    *chars = count;
    return apig__check_counted(f, s, len, count);
}

/* True if s[0..len) is one of f's enum values (which hold no NUL). */
static bool enum_has(const apig_field *f, const char *s, size_t len)
{
    for (uint32_t i = 0; i < f->enum_count; i++) {
        const char *v = f->enum_values[i];
        if (strncmp(v, s, len) == 0 && v[len] == '\0')
            return true;
    }
    return false;
}

apig_error_kind apig__check_enum(const apig_field *f, const char *s, size_t len)
{
    if (f->enum_count == 0)
        return APIG_ERROR_NONE;
    if (f->separator == 0)
        return enum_has(f, s, len) ? APIG_ERROR_NONE : APIG_ERROR_ENUM;
    /* The separator is ASCII: it never occurs inside a multi-byte
     * character, so splitting bytes splits characters. */
    for (;;) {
        const char *sep = memchr(s, (char)f->separator, len);
        size_t n = sep ? (size_t)(sep - s) : len;
        if (!enum_has(f, s, n))
            return APIG_ERROR_ENUM;
        if (!sep)
            return APIG_ERROR_NONE;
        s += n + 1;
        len -= n + 1;
    }
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Dotted quad: four decimal octets 0..255 without leading zeros (which some
 * parsers read as octal, so they are ambiguous). */
static bool is_ipv4(const char *s, size_t len)
{
    size_t i = 0;
    for (int part = 0; part < 4; part++) {
        if (part > 0) {
            if (i >= len || s[i] != '.')
                return false;
            i++;
        }
        size_t start = i;
        unsigned value = 0;
        while (i < len && is_digit(s[i]) && i - start < 3)
            value = value * 10 + (unsigned)(s[i++] - '0');
        size_t digits = i - start;
        if (digits == 0 || value > 255 || (digits > 1 && s[start] == '0'))
            return false;
    }
    return i == len;
}

/* RFC 4291 section 2.2 text forms: eight groups of 1..4 hex digits, one "::"
 * standing for one or more zero groups, optionally ending in a dotted quad
 * worth two groups. Zone identifiers ("%eth0") and brackets are not part of
 * an address literal. */
static bool is_ipv6(const char *s, size_t len)
{
    size_t i = 0, groups = 0;
    bool compressed = false;
    if (len >= 2 && s[0] == ':' && s[1] == ':') {
        compressed = true;
        i = 2;
        if (i == len)
            return true;
    } else if (len > 0 && s[0] == ':') {
        return false;
    }
    while (i < len) {
        size_t start = i;
        while (i < len && apig__hex_value((unsigned char)s[i]) >= 0 && i - start < 4)
            i++;
        size_t digits = i - start;
        if (i < len && s[i] == '.') {
            /* An embedded IPv4 address ends the literal. */
            if (groups > 6 || !is_ipv4(s + start, len - start))
                return false;
            groups += 2;
            i = len;
            break;
        }
        if (digits == 0)
            return false;
        groups++;
        if (i == len)
            break;
        if (s[i] != ':')
            return false;
        i++;
        if (i < len && s[i] == ':') {
            if (compressed)
                return false;
            compressed = true;
            i++;
            if (i == len)
                break;
        } else if (i == len) {
            return false; /* a single trailing colon */
        }
    }
    return compressed ? groups <= 7 : groups == 8;
}

bool apig__is_ip_address(const char *s, size_t len)
{
    return is_ipv4(s, len) || is_ipv6(s, len);
}

static int two_digits(const char *s)
{
    return (s[0] - '0') * 10 + (s[1] - '0');
}

/* s[0..n) has the shape `shape`: 'd' a digit, 'T' a 'T' or 't', 's' a
 * sign ('+' or '-'), any other character itself. */
static bool shaped(const char *s, const char *shape, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i], k = shape[i];
        bool ok = k == 'd'   ? is_digit(c)
                  : k == 'T' ? (c | 0x20) == 't'
                  : k == 's' ? c == '+' || c == '-'
                             : c == k;
        if (!ok)
            return false;
    }
    return true;
}

/* RFC 3339 section 5.6 date-time, as the service writes create_time:
 * YYYY-MM-DD, 'T' (or 't'), HH:MM:SS, optionally '.' and 1..9 digits, then
 * 'Z' (or 'z') or an offset +hh:mm / -hh:mm (hh 00..23, mm 00..59). The
 * date is a real one (leap years by the Gregorian rule); hours 00..23,
 * minutes 00..59, seconds 00..60 (60: a leap second, which RFC 3339 allows;
 * whether one happened then is not checked). At most 35 characters:
 * "2020-07-23T09:13:24.859893549+08:00". */
/* The first 19 characters, "dddd-dd-ddTdd:dd:dd" ('T' either case), by
 * their shape only. */
static bool date_time_shape(const char *s)
{
#ifdef APIG_CFG_SMALL_CODE /* flash over speed: a loop over the shape */
    return shaped(s, "dddd-dd-ddTdd:dd:dd", 19);
#else
    /* The 19 characters before the fraction as three words (bytes 0-7,
     * 8-15 and 11-18), each byte XORed with what it must be ('0' where a
     * digit goes; 't' where the 'T' goes, its case folded first): a digit
     * leaves 0 to 9, any other right character 0. A byte above that sets
     * the high bit of itself plus 0x76 (0x7F where a character goes), or
     * has it already; a carry out of a byte only ever follows such a byte,
     * so the test is exact whichever way carries go (the patterns are
     * bytes, loaded as the text is: the byte order does not matter). It
     * runs on every create_time a page carries. */
    static const char want0[8] = {'0', '0', '0', '0', '-', '0', '0', '-'};
    static const char want1[8] = {'0', '0', 't', '0', '0', ':', '0', '0'};
    static const char want2[8] = {'0', '0', ':', '0', '0', ':', '0', '0'};
    static const char fold1[8] = {0, 0, 0x20, 0, 0, 0, 0, 0};
    static const char over0[8] = {0x76, 0x76, 0x76, 0x76, 0x7F, 0x76, 0x76, 0x7F};
    static const char over1[8] = {0x76, 0x76, 0x7F, 0x76, 0x76, 0x7F, 0x76, 0x76};
    static const char highs[8] = {'\x80', '\x80', '\x80', '\x80', '\x80', '\x80', '\x80', '\x80'};
    uint64_t w0, w1, w2, k, h;
    memcpy(&w0, s, 8);
    memcpy(&w1, s + 8, 8);
    memcpy(&w2, s + 11, 8);
    memcpy(&k, want0, 8);
    w0 ^= k;
    memcpy(&k, fold1, 8);
    w1 |= k;
    memcpy(&k, want1, 8);
    w1 ^= k;
    memcpy(&k, want2, 8);
    w2 ^= k;
    memcpy(&k, over0, 8);
    uint64_t bad = (w0 + k) | w0;
    memcpy(&k, over1, 8); /* the same for bytes 11-18 */
    bad |= (w1 + k) | w1 | (w2 + k) | w2;
    memcpy(&h, highs, 8);
    return !(bad & h);
#endif
}

/* What follows the 19 characters, s[19..len): an optional fraction of 1 to
 * 9 digits, then 'Z' (either case) or an offset "+hh:mm" / "-hh:mm". */
static bool date_time_tail(const char *s, size_t len)
{
    size_t i = 19;
    if (s[i] == '.') {
        size_t first = ++i;
        while (i < len && is_digit(s[i]))
            i++;
        if (i == first || i - first > 9)
            return false;
    }
    size_t rest = len - i;
    return rest == 1 ? (s[i] | 0x20) == 'z'
                     : rest == 6 && shaped(s + i, "sdd:dd", 6) && two_digits(s + i + 1) <= 23 &&
                           two_digits(s + i + 4) <= 59;
}

/* The values of a well-shaped date-time: a month's days (29 February in a
 * leap year), hours, minutes, and seconds up to a leap second's 60. */
static bool date_time_values(const char *s)
{
    static const unsigned char days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const int month = two_digits(s + 5), day = two_digits(s + 8);
    if (month < 1 || month > 12 || day < 1 || two_digits(s + 11) > 23 ||
        two_digits(s + 14) > 59 || two_digits(s + 17) > 60)
        return false;
    if (day <= days[month - 1])
        return true;
    /* 29 February, in a leap year */
    const int year = two_digits(s) * 100 + two_digits(s + 2);
    return month == 2 && day == 29 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0);
}

bool apig__is_date_time(const char *s, size_t len)
{
    return len >= 20 && date_time_shape(s) && date_time_tail(s, len) && date_time_values(s);
}

bool apig__format_ok(apig_format format, const char *s, size_t len)
{
    switch (format) {
    case APIG_FORMAT_IP_ADDRESS: return apig__is_ip_address(s, len);
    case APIG_FORMAT_DATE_TIME: return apig__is_date_time(s, len);
    case APIG_FORMAT_NONE: return true;
    }
    return false;
}
