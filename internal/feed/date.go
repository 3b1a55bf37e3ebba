package feed

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // named zones such as America/Los_Angeles must resolve on hosts without a zone database
)

// maxDateLen bounds the input ParseDate looks at; real dates are short.
const maxDateLen = 128

// zonedLayouts carry their own offset; plainLayouts do not and are read in
// the zone named in the string, else UTC. Weekday names are stripped before
// matching, so no layout has one.
var (
	zonedLayouts = []string{
		time.RFC3339Nano,
		"2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05Z07", "2006-01-02T15:04Z07:00", "2006-01-02T15:04Z0700",
		"2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05 Z07:00", "2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05-0700",
		"2006-01-02 15:04:05-07", "2006-01-02 15:04 -0700", "20060102T150405Z0700",
		"2 Jan 2006 15:04:05 -0700", "2 Jan 2006 15:04:05 -07:00", "2 Jan 2006 15:04 -0700", "2 Jan 2006 15:04:05 Z",
		"2 Jan 06 15:04:05 -0700", "2 Jan 06 15:04 -0700", "2 January 2006 15:04:05 -0700", "2 January 2006 15:04 -0700",
		"2-Jan-2006 15:04:05 -0700", "2006-Jan-02 15:04:05 -0700",
		"Jan 2 15:04:05 -0700 2006", "Jan 2 2006 15:04:05 -0700", "Jan 2, 2006 15:04:05 -0700", "Jan 2, 2006 3:04 PM -0700",
		"January 2, 2006 15:04:05 -0700", "January 2, 2006 3:04 PM -0700", "January 2 2006 15:04:05 -0700",
	}
	plainLayouts = []string{
		"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02",
		"2006/01/02 15:04:05", "2006/01/02 15:04", "2006/01/02", "20060102T150405", "20060102",
		"2 Jan 2006 15:04:05", "2 Jan 2006 15:04", "2 Jan 06 15:04:05", "2 Jan 06 15:04", "2 Jan 2006",
		"2 January 2006 15:04:05", "2 January 2006 15:04", "2 January 2006", "2-Jan-2006 15:04:05", "2-Jan-2006",
		"Jan 2 15:04:05 2006", "Jan 2 2006 15:04:05", "Jan 2 2006 15:04", "Jan 2, 2006 15:04:05", "Jan 2, 2006 15:04",
		"Jan 2, 2006 3:04:05 PM", "Jan 2, 2006 3:04 PM", "Jan 2, 2006", "Jan 2 2006",
		"January 2, 2006 15:04:05", "January 2, 2006 15:04", "January 2, 2006 3:04:05 PM", "January 2, 2006 3:04 PM",
		"January 2, 2006", "January 2 2006", "2006-01-02 3:04 PM", "02.01.2006 15:04:05", "02.01.2006 15:04", "02.01.2006",
	}
)

// zoneAbbreviations maps the zone abbreviations found in feeds to their
// offsets in minutes. Ambiguous ones take the reading that dominates feeds
// (CST: North American Central, BST: British Summer, IST: India).
var zoneAbbreviations = map[string]int{
	"UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "WET": 0,
	"EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360, "PST": -480, "PDT": -420,
	"AKST": -540, "AKDT": -480, "HST": -600, "AST": -240, "ADT": -180, "NST": -210, "NDT": -150,
	"WEST": 60, "BST": 60, "CET": 60, "CEST": 120, "MET": 60, "MEST": 120, "EET": 120, "EEST": 180, "MSK": 180,
	"IST": 330, "PKT": 300, "ICT": 420, "WIB": 420, "SGT": 480, "HKT": 480, "AWST": 480, "PHT": 480,
	"JST": 540, "KST": 540, "ACST": 570, "ACDT": 630, "AEST": 600, "AEDT": 660,
	"NZST": 720, "NZDT": 780, "SAST": 120, "WAT": 60, "CAT": 120, "EAT": 180, "BRT": -180, "ART": -180,
}

var (
	weekdayPrefix = regexp.MustCompile(`^(?i)(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+`)
	ordinalSuffix = regexp.MustCompile(`\b(\d{1,2})(st|nd|rd|th)\b`)
	parenComment  = regexp.MustCompile(`\s*\([^)]*\)\s*$`)
	prefixedZone  = regexp.MustCompile(`^(?i)(gmt|utc|ut)([+-])(\d{1,2})(?::?(\d{2}))?$`)
	ianaZone      = regexp.MustCompile(`^[A-Za-z][A-Za-z_]*(/[A-Za-z0-9_+-]+)+$`)
)

// ParseDate parses a date in any of the formats feeds use: RFC 822/1123 with
// or without weekday, seconds or a four-digit year; RFC 3339 / ISO 8601 with
// or without zone; named zones ("EDT", "PST", "America/Los_Angeles"), "GMT+2",
// ordinals ("March 3rd, 2024"), 10- and 13-digit Unix times. A date without a
// zone is read as UTC. The result is in UTC. It reports false for empty or
// unrecognised input and for dates whose UTC year is outside 0..9999 (which
// JSON cannot encode). It does not judge plausibility: see Parse.
func ParseDate(s string) (time.Time, bool) {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" || len(s) > maxDateLen {
		return time.Time{}, false
	}
	if t, ok := parseCommon(s); ok {
		return t, true
	}
	if t, ok := parseUnix(s); ok {
		return t, true
	}
	s, loc := normaliseDate(s)
	t, ok := parseLayouts(s, loc)
	if !ok {
		return time.Time{}, false
	}
	t = t.UTC()
	if t.Year() < 0 || t.Year() > 9999 {
		return time.Time{}, false
	}
	return t, true
}

func parseLayouts(s string, loc *time.Location) (time.Time, bool) {
	for _, layout := range zonedLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	for _, layout := range plainLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// commonLayouts cover most feed dates exactly; trying them first skips the
// normalisation. (No layout with a zone abbreviation: time.Parse would give
// unknown ones a zero offset.)
var commonLayouts = []string{time.RFC1123Z, time.RFC3339Nano, "Mon, 02 Jan 2006 15:04:05 GMT"}

func parseCommon(s string) (time.Time, bool) {
	for _, layout := range commonLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			if t = t.UTC(); t.Year() < 0 || t.Year() > 9999 {
				return time.Time{}, false
			}
			return t, true
		}
	}
	return time.Time{}, false
}

// parseUnix reads 10-digit Unix seconds and 13-digit Unix milliseconds.
func parseUnix(s string) (time.Time, bool) {
	if len(s) != 10 && len(s) != 13 {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	if len(s) == 13 {
		return time.UnixMilli(n).UTC(), true
	}
	return time.Unix(n, 0).UTC(), true
}

// normaliseDate strips what no layout needs (weekday, ordinal suffixes, a
// trailing parenthesised comment, periods in "a.m.") and takes a named zone out
// of the string, returning it as a location (UTC when there is none).
func normaliseDate(s string) (string, *time.Location) {
	s = parenComment.ReplaceAllString(s, "")
	s = weekdayPrefix.ReplaceAllString(s, "")
	s = ordinalSuffix.ReplaceAllString(s, "$1")
	s = strings.NewReplacer("a.m.", "AM", "p.m.", "PM", "Sept ", "Sep ", "Sept.", "Sep", " at ", " ").Replace(s)
	s = strings.ReplaceAll(s, "., ", " ")
	fields := strings.Fields(s)
	loc := time.UTC
	for i, f := range fields {
		if l, offset, ok := zoneToken(f); ok {
			if offset != "" {
				fields[i] = offset
				continue
			}
			loc = l
			fields = append(fields[:i], fields[i+1:]...)
			break
		}
	}
	return strings.Join(fields, " "), loc
}

// zoneToken recognises a named zone (returned as a location) or a "GMT+2"
// style zone (returned rewritten as a numeric offset such as "+0200").
func zoneToken(f string) (*time.Location, string, bool) {
	if m := prefixedZone.FindStringSubmatch(f); m != nil {
		h, _ := strconv.Atoi(m[3])
		mins := m[4]
		if mins == "" {
			mins = "00"
		}
		return nil, m[2] + twoDigits(h) + mins, h <= 14
	}
	if mins, ok := zoneAbbreviations[strings.ToUpper(strings.Trim(f, ","))]; ok && isLetters(strings.Trim(f, ",")) {
		return time.FixedZone(strings.ToUpper(strings.Trim(f, ",")), mins*60), "", true
	}
	if strings.Contains(f, "/") && ianaZone.MatchString(f) {
		if loc, err := time.LoadLocation(f); err == nil {
			return loc, "", true
		}
	}
	return nil, "", false
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func isLetters(s string) bool {
	for _, r := range s {
		if (r < 'A' || r > 'Z') && (r < 'a' || r > 'z') {
			return false
		}
	}
	return s != ""
}
