package feed

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

func utc(y int, m time.Month, d, h, min, s int) time.Time {
	return time.Date(y, m, d, h, min, s, 0, time.UTC)
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"Mon, 02 Jan 2006 15:04:05 -0700", utc(2006, 1, 2, 22, 4, 5), true},
		{"Mon, 02 Jan 2006 15:04:05 GMT", utc(2006, 1, 2, 15, 4, 5), true},
		{"Mon, 2 Jan 2006 15:04:05 +0000", utc(2006, 1, 2, 15, 4, 5), true},
		{"02 Jan 2006 15:04:05 +0100", utc(2006, 1, 2, 14, 4, 5), true},
		{"Tue, 14 May 2024 08:30 +0100", utc(2024, 5, 14, 7, 30, 0), true},
		{"Tue, 14 May 24 08:30:00 +0000", utc(2024, 5, 14, 8, 30, 0), true},
		{"Tuesday, 14 May 2024 08:30:00 GMT", utc(2024, 5, 14, 8, 30, 0), true},
		{"Tue, 14 May 2024 08:30:00 EDT", utc(2024, 5, 14, 12, 30, 0), true},
		{"Tue, 14 May 2024 08:30:00 EST", utc(2024, 5, 14, 13, 30, 0), true},
		{"Tue, 14 May 2024 08:30:00 PST", utc(2024, 5, 14, 16, 30, 0), true},
		{"Tue, 14 May 2024 08:30:00 PDT", utc(2024, 5, 14, 15, 30, 0), true},
		{"Tue, 14 May 2024 08:30:00 CEST", utc(2024, 5, 14, 6, 30, 0), true},
		{"Tue, 14 May 2024 08:30:00 IST", utc(2024, 5, 14, 3, 0, 0), true},
		{"Fri, 31 Mar 2023 20:19:00 America/Los_Angeles", utc(2023, 4, 1, 3, 19, 0), true},
		{"Fri, 13 Jan 2023 20:19:00 America/Los_Angeles", utc(2023, 1, 14, 4, 19, 0), true},
		{"Tue, 14 May 2024 08:30:00 Europe/Paris", utc(2024, 5, 14, 6, 30, 0), true},
		{"Tue, 14 May 2024 08:30:00 GMT+2", utc(2024, 5, 14, 6, 30, 0), true},
		{"Tue, 14 May 2024 08:30:00 UTC-05:30", utc(2024, 5, 14, 14, 0, 0), true},
		{"Tue, 14 May 2024 08:30:00 -0400 (EDT)", utc(2024, 5, 14, 12, 30, 0), true},
		{"Tue May 14 08:30:00 EDT 2024", utc(2024, 5, 14, 12, 30, 0), true},
		{"Tue May 14 08:30:00 -0400 2024", utc(2024, 5, 14, 12, 30, 0), true},
		{"2024-05-14T08:30:00Z", utc(2024, 5, 14, 8, 30, 0), true},
		{"2024-05-14T08:30:00.123456789+02:00", time.Date(2024, 5, 14, 6, 30, 0, 123456789, time.UTC), true},
		{"2024-05-14T08:30:00+0200", utc(2024, 5, 14, 6, 30, 0), true},
		{"2024-05-14T08:30+02:00", utc(2024, 5, 14, 6, 30, 0), true},
		{"2024-05-14T08:30:00", utc(2024, 5, 14, 8, 30, 0), true},
		{"2024-05-14 08:30:00", utc(2024, 5, 14, 8, 30, 0), true},
		{"2024-05-14 08:30:00 +0200", utc(2024, 5, 14, 6, 30, 0), true},
		{"2024-05-14 08:30:00 UTC", utc(2024, 5, 14, 8, 30, 0), true},
		{"2024-05-14", utc(2024, 5, 14, 0, 0, 0), true},
		{"2024/05/14 08:30", utc(2024, 5, 14, 8, 30, 0), true},
		{"20240514T083000Z", utc(2024, 5, 14, 8, 30, 0), true},
		{"May 14, 2024", utc(2024, 5, 14, 0, 0, 0), true},
		{"May 14th, 2024 8:30 PM", utc(2024, 5, 14, 20, 30, 0), true},
		{"March 3rd, 2024 at 9:05 a.m.", utc(2024, 3, 3, 9, 5, 0), true},
		{"Sept 5, 2023", utc(2023, 9, 5, 0, 0, 0), true},
		{"14 May 2024", utc(2024, 5, 14, 0, 0, 0), true},
		{"14.05.2024 08:30", utc(2024, 5, 14, 8, 30, 0), true},
		{"  Tue,   14 May 2024\n08:30:00 GMT ", utc(2024, 5, 14, 8, 30, 0), true},
		{"1715675400", utc(2024, 5, 14, 8, 30, 0), true},
		{"1715675400000", utc(2024, 5, 14, 8, 30, 0), true},
		{"Mon, 01 Jan 0000 00:00:00 -0500", utc(0, 1, 1, 5, 0, 0), true},
		{"Sat, 01 Jan 0000 00:00:00 +0500", time.Time{}, false}, // year -1 in UTC
		{"10000-01-01T00:00:00Z", time.Time{}, false},
		{"9999-12-31T23:59:59Z", utc(9999, 12, 31, 23, 59, 59), true},
		{"9999-12-31T23:59:59-01:00", time.Time{}, false}, // year 10000 in UTC
		{"", time.Time{}, false},
		{"   ", time.Time{}, false},
		{"not a date", time.Time{}, false},
		{"yesterday", time.Time{}, false},
		{"2024-13-45", time.Time{}, false},
		{"Tue, 14 May 2024 08:30:00 Mars/Olympus_Mons", time.Time{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := ParseDate(tc.in)
			if ok != tc.ok || !got.Equal(tc.want) {
				t.Errorf("ParseDate(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
			}
			if ok && got.Location() != time.UTC {
				t.Errorf("location %v, want UTC", got.Location())
			}
		})
	}
}

func TestParseClampsDates(t *testing.T) {
	now := utc(2024, 6, 1, 12, 0, 0)
	tests := []struct {
		pubDate string
		want    time.Time
	}{
		{"Mon, 01 Jan 0000 00:00:00 -0500", now},
		{"10000-01-01T00:00:00Z", now},
		{"Fri, 31 Mar 2023 20:19:00 America/Los_Angeles", utc(2023, 4, 1, 3, 19, 0)},
		{"Fri, 31 May 2024 20:19:00 EDT", utc(2024, 6, 1, 0, 19, 0)},
		{"", now},
		{"garbage", now},
		{"Thu, 01 Jan 1970 00:00:00 GMT", now},
		{"Sun, 31 Dec 1994 23:59:59 GMT", now},
		{"Sun, 01 Jan 1995 00:00:00 GMT", utc(1995, 1, 1, 0, 0, 0)},
		{"Sat, 01 Jun 2024 12:09:00 GMT", utc(2024, 6, 1, 12, 9, 0)}, // within 10 minutes
		{"Sat, 01 Jun 2024 12:11:00 GMT", now},                       // beyond: clamped
		{"Fri, 01 Jan 2100 00:00:00 GMT", now},
	}
	for _, tc := range tests {
		t.Run(tc.pubDate, func(t *testing.T) {
			body := fmt.Sprintf(`<rss version="2.0"><channel><title>d</title><item><title>x</title><pubDate>%s</pubDate></item></channel></rss>`, tc.pubDate)
			f, err := Parse(context.Background(), []byte(body), "", "", now)
			if err != nil {
				t.Fatal(err)
			}
			it := f.Items[0]
			if !it.PublishedAt.Equal(tc.want) {
				t.Errorf("PublishedAt %v, want %v", it.PublishedAt, tc.want)
			}
			if _, err := json.Marshal(it); err != nil {
				t.Errorf("item does not encode as JSON: %v", err)
			}
		})
	}
}

func TestParseUpdatedDates(t *testing.T) {
	now := utc(2024, 6, 1, 12, 0, 0)
	body := `<feed xmlns="http://www.w3.org/2005/Atom"><title>u</title>
		<entry><id>a</id><title>only updated</title><updated>2024-05-01T00:00:00Z</updated></entry>
		<entry><id>b</id><title>future update</title><published>2024-05-01T00:00:00Z</published><updated>2031-01-01T00:00:00Z</updated></entry>
		<entry><id>c</id><title>ancient update</title><published>2024-05-01T00:00:00Z</published><updated>1980-01-01T00:00:00Z</updated></entry>
		</feed>`
	f, err := Parse(context.Background(), []byte(body), "", "", now)
	if err != nil {
		t.Fatal(err)
	}
	may := utc(2024, 5, 1, 0, 0, 0)
	want := [][2]time.Time{{may, may}, {may, now}, {may, {}}}
	for i, it := range f.Items {
		if !it.PublishedAt.Equal(want[i][0]) || !it.UpdatedAt.Equal(want[i][1]) {
			t.Errorf("%s: published %v updated %v, want %v %v", it.Title, it.PublishedAt, it.UpdatedAt, want[i][0], want[i][1])
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"Mon, 02 Jan 2006 15:04:05 -0700", "Fri, 31 Mar 2023 20:19:00 America/Los_Angeles", "2024-05-14T08:30:00Z",
		"Mon, 01 Jan 0000 00:00:00 -0500", "10000-01-01T00:00:00Z", "May 14th, 2024 8:30 PM", "1715675400", "GMT+14",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := ParseDate(s)
		if !ok {
			if !got.IsZero() {
				t.Fatalf("ParseDate(%q) = %v, false: want the zero time", s, got)
			}
			return
		}
		if got.Location() != time.UTC {
			t.Fatalf("ParseDate(%q) location %v", s, got.Location())
		}
		if _, err := got.MarshalJSON(); err != nil {
			t.Fatalf("ParseDate(%q) = %v, which JSON cannot encode: %v", s, got, err)
		}
	})
}
