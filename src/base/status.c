/*
 * Status names and messages, generated from HESSE_STATUS_MAP so that the enum, the
 * names and the sentences cannot drift apart; version and point-kind names.
 */
#include "hesse.h"

const char *hesse_version(void) { return HESSE_VERSION_STRING; }

const char *hesse_status_string(hesse_status s)
{
    switch (s) {
#define HESSE_STATUS_CASE_(name, value, message) \
    case HESSE_##name:                           \
        return message;
        HESSE_STATUS_MAP(HESSE_STATUS_CASE_)
#undef HESSE_STATUS_CASE_
    }
    return "unknown status";
}

const char *hesse_status_name(hesse_status s)
{
    switch (s) {
#define HESSE_STATUS_CASE_(name, value, message) \
    case HESSE_##name:                           \
        return #name;
        HESSE_STATUS_MAP(HESSE_STATUS_CASE_)
#undef HESSE_STATUS_CASE_
    }
    return "UNKNOWN";
}

const char *hesse_point_kind_name(hesse_point_kind k)
{
    switch (k) {
    case HESSE_POINT_UNKNOWN: return "unknown";
    case HESSE_POINT_MINIMUM: return "minimum";
    case HESSE_POINT_SADDLE: return "saddle";
    case HESSE_POINT_MAXIMUM: return "maximum";
    case HESSE_POINT_DEGENERATE: return "degenerate";
    case HESSE_POINT_NOT_STATIONARY: return "not stationary";
    }
    return "unknown";
}
