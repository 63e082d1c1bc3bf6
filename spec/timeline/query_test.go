package timeline

import (
	"slices"
	"strings"
	"testing"

	"github.com/flixconf/flixconf/spec"
)

var mustDay = spec.MustDay

// removedBy is the id of the event OperationRemoved names, "" for none.
func removedBy(tl *Timeline, v, op, d string) string {
	if e, ok := tl.OperationRemoved(v, op, mustDay(d)); ok {
		return e.ID
	}
	return ""
}

func TestOperationRemoved(t *testing.T) {
	tl := load(t)
	tests := []struct {
		versions []string
		op, day  string
		want     string // the event, "" for an operation that answers
	}{
		// Rental history goes on 2012-09-15, exact.
		{spec.Versions(), "getUsersByUserIdRentalHistory", "2012-09-14", ""},
		{spec.Versions(), "getUsersByUserIdRentalHistory", "2012-09-15", "rental-history-removed"},
		{spec.Versions(), "getUsersByUserIdRentalHistoryWatched", "2014-11-13", "rental-history-removed"},
		// at_home and rental_history/shipped: the 2011 removal was cancelled, so they answer
		// until rental-history-removed takes them.
		{spec.Versions(), "getUsersByUserIdAtHome", "2011-10-14", ""},
		{spec.Versions(), "getUsersByUserIdRentalHistoryShipped", "2012-09-14", ""},
		{spec.Versions(), "getUsersByUserIdAtHome", "2012-09-15", "rental-history-removed"},
		// The cancelled DVD removal never removes discs or the disc queue.
		{spec.Versions(), "getCatalogTitlesDiscsById", "2011-10-14", ""},
		{spec.Versions(), "getCatalogTitlesDiscsById", "2012-06-01", ""},
		{spec.Versions(), "getCatalogTitlesDiscsById", "2014-11-13", ""},
		{spec.Versions(), "getUsersByUserIdQueuesDisc", "2012-06-01", ""},
		{spec.Versions(), "deleteUsersByUserIdQueuesDiscSavedByTitleId", "2013-01-01", ""},
		// The old index files go on 2012-09-15; the new ones are live well after their window.
		{spec.Versions(), "getCatalogTitlesIndex", "2012-09-14", ""},
		{spec.Versions(), "getCatalogTitlesIndex", "2012-09-15", "catalog-index-split"},
		{[]string{"1.5", "2.0"}, "getCatalogTitlesFull", "2012-09-14", ""},
		{[]string{"1.5", "2.0"}, "getCatalogTitlesFull", "2012-09-15", "catalog-index-split"},
		{spec.Versions(), "getCatalogTitlesStreaming", "2012-06-10", "catalog-index-split"},
		{spec.Versions(), "getCatalogTitlesDvd", "2012-06-10", "catalog-index-split"},
		{spec.Versions(), "getCatalogTitlesStreaming", "2012-08-31", ""},
		// Operations no event touches.
		{spec.Versions(), "getUsersByUserIdQueuesInstant", "2014-11-13", ""},
		{spec.Versions(), "getCatalogTitlesMoviesById", "2014-11-13", ""},
	}
	for _, tt := range tests {
		for _, v := range tt.versions {
			if got := removedBy(tl, v, tt.op, tt.day); got != tt.want {
				t.Errorf("OperationRemoved(%s, %s, %s) = %q, want %q", v, tt.op, tt.day, got, tt.want)
			}
		}
	}
}

// The 17 category resources answer 404 from 2011-10-14 (an interpretation: the reversal of
// the streaming-only program does not concern them).
func TestCategoriesRemovedFrom20111014(t *testing.T) {
	tl := load(t)
	for _, v := range spec.Versions() {
		ops, err := spec.Operations(v)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, op := range ops {
			if !strings.HasPrefix(op.ID, "getCategories") {
				continue
			}
			n++
			if got := removedBy(tl, v, op.ID, "2011-10-13"); got != "" {
				t.Errorf("%s %s on 2011-10-13: removed by %s", v, op.ID, got)
			}
			if got := removedBy(tl, v, op.ID, "2011-10-14"); got != "streaming-only-program" {
				t.Errorf("%s %s on 2011-10-14: removed by %q, want streaming-only-program", v, op.ID, got)
			}
		}
		if n != 17 {
			t.Errorf("%s describes %d category resources, want 17", v, n)
		}
	}
}

func TestOperationAnnounced(t *testing.T) {
	tl := load(t)
	tests := []struct {
		op, day   string
		want, end string // the event and its effective day; "" for none
	}{
		{"getUsersByUserIdRentalHistory", "2012-06-01", "", ""}, // before the June 2012 post's window
		{"getUsersByUserIdRentalHistory", "2012-07-01", "rental-history-removed", "2012-09-15"},
		{"getUsersByUserIdRentalHistory", "2012-09-14", "rental-history-removed", "2012-09-15"},
		{"getUsersByUserIdRentalHistory", "2012-09-15", "", ""}, // removed, no longer announced
		{"getCatalogTitlesIndex", "2012-07-01", "catalog-index-split", "2012-09-15"},
		{"getCategoriesGenres", "2011-10-01", "streaming-only-program", "2011-10-14"},
		{"getCatalogTitlesDiscsById", "2011-10-01", "", ""}, // cancelled
		{"getUsersByUserIdQueuesDisc", "2012-01-01", "", ""},
	}
	for _, tt := range tests {
		e, end, ok := tl.OperationAnnounced("1.0", tt.op, mustDay(tt.day))
		got, gotEnd := "", ""
		if ok {
			got, gotEnd = e.ID, end.String()
		}
		if got != tt.want || gotEnd != tt.end {
			t.Errorf("OperationAnnounced(1.0, %s, %s) = %q, %q; want %q, %q", tt.op, tt.day, got, gotEnd, tt.want, tt.end)
		}
	}
}

func TestElementRemoved(t *testing.T) {
	tl := load(t)
	tests := []struct {
		v, element, day string
		want            bool
	}{
		{"1.5", "title_state_item.playback_bookmark", "2012-09-14", false},
		{"1.5", "title_state_item.playback_bookmark", "2012-09-15", true},
		{"1.0", "title_state_item.playback_bookmark", "2012-09-15", false}, // 1.0 never had it
		{"1.0", "title_state_item.watched_date", "2012-09-14", false},
		{"1.0", "title_state_item.watched_date", "2012-09-15", true},
		{"2.0", "title_state_item.watched_to_end", "2012-09-15", true},
		{"2.0", "rental_history", "2012-09-15", true}, // from every expand
	}
	for _, tt := range tests {
		e, ok := tl.ElementRemoved(tt.v, tt.element, mustDay(tt.day))
		if ok != tt.want || (ok && e.ID != "rental-history-removed") {
			t.Errorf("ElementRemoved(%s, %s, %s) = %v, %v; want %v by rental-history-removed", tt.v, tt.element, tt.day, e, ok, tt.want)
		}
	}
}

func TestPinned(t *testing.T) {
	tl := load(t)
	const bookmark, until = "title_state_item.playback_bookmark", "availability@available_until"
	tests := []struct {
		v, element, day string
		want            string // value, "" for not pinned
		leaving         int
		event           string
	}{
		{"1.5", bookmark, "2011-06-29", "", 0, ""},
		{"1.5", bookmark, "2011-06-30", "0", 0, "playback-bookmark-zeroed"},
		{"2.0", bookmark, "2011-06-30", "0", 0, "playback-bookmark-zeroed"},
		{"1.5", bookmark, "2012-09-14", "0", 0, "playback-bookmark-zeroed"},
		{"1.5", bookmark, "2012-09-15", "", 0, ""}, // the element is gone
		{"1.0", bookmark, "2011-06-30", "", 0, ""},
		{"1.0", bookmark, "2012-01-01", "", 0, ""},
		// available_until: real dates before 2012, 2100 unless leaving from mid-2012, 2100
		// without exception well after the 2013 post's window.
		{"1.0", until, "2011-12-31", "", 0, ""},
		{"1.0", until, "2012-06-16", "4102444800", 14, "availability-2100-unless-leaving"},
		{"2.0", until, "2013-03-07", "4102444800", 14, "availability-2100-unless-leaving"},
		{"2.0", until, "2014-06-14", "4102444800", 0, "no-expiration-dates"},
	}
	for _, tt := range tests {
		value, leaving, e, ok := tl.Pinned(tt.v, tt.element, mustDay(tt.day))
		id := ""
		if e != nil {
			id = e.ID
		}
		if ok != (tt.want != "") || value != tt.want || leaving != tt.leaving || id != tt.event {
			t.Errorf("Pinned(%s, %s, %s) = %q, %d, %q, %v; want %q, %d, %q", tt.v, tt.element, tt.day, value, leaving, id, ok, tt.want, tt.leaving, tt.event)
		}
	}
}

func TestHosts(t *testing.T) {
	tl := load(t)
	retired := func(host, d string) bool { _, ok := tl.HostRetired(host, mustDay(d)); return ok }
	if retired("api.netflix.com", "2012-09-14") || !retired("api.netflix.com", "2012-09-15") {
		t.Error("api.netflix.com: want retired from 2012-09-15, not before")
	}
	for _, host := range []string{"api-public.netflix.com", "api-user.netflix.com"} {
		if retired(host, "2014-11-14") {
			t.Errorf("%s is retired; only the service retires in 2014", host)
		}
	}
	for d, want := range map[string]string{
		"2008-09-01": "api.netflix.com",
		"2009-06-01": "api.netflix.com",
		"2012-07-01": "api.netflix.com", // the new host is live, the old one still canonical
		"2012-09-14": "api.netflix.com",
		"2012-09-15": "api-public.netflix.com",
		"2014-11-14": "api-public.netflix.com",
	} {
		if got := tl.CanonicalHost(mustDay(d)); got != want {
			t.Errorf("CanonicalHost(%s) = %q, want %q", d, got, want)
		}
	}
}

func TestProgramAndServices(t *testing.T) {
	tl := load(t)
	tests := []struct {
		name  string
		query func(d spec.Day) (*Event, bool)
		event string
		day   string // the first day it holds
	}{
		{"keys", tl.KeyIssuanceStopped, "no-new-keys", "2013-03-08"},
		{"odata", func(d spec.Day) (*Event, bool) { return tl.ServiceRetired("odata", d) }, "odata-retired", "2013-04-08"},
		{"api", func(d spec.Day) (*Event, bool) { return tl.ServiceRetired("api", d) }, "public-api-retired", "2014-11-14"},
	}
	for _, tt := range tests {
		if e, ok := tt.query(mustDay(tt.day).AddDays(-1)); ok {
			t.Errorf("%s: already holds the day before %s (%s)", tt.name, tt.day, e.ID)
		}
		if e, ok := tt.query(mustDay(tt.day)); !ok || e.ID != tt.event {
			t.Errorf("%s on %s: %v, %v; want %s", tt.name, tt.day, e, ok, tt.event)
		}
	}
	if tl.GenresReplaced(mustDay("2011-06-14")) || !tl.GenresReplaced(mustDay("2011-06-15")) {
		t.Error("genres: want replaced from 2011-06-15, not before")
	}
}

func TestPartners(t *testing.T) {
	tl := load(t)
	want := []string{"Instant Watcher", "Fanhattan", "Yidio", "NextGuide", "Flixster", "Can I Stream It?",
		"FeedFliks", "Instant Watch Browser for Netflix"}
	got := tl.Partners()
	if !slices.Equal(got, want) {
		t.Errorf("Partners() = %q, want %q", got, want)
	}
	got[0] = "changed"
	if tl.Partners()[0] != want[0] {
		t.Error("Partners() shares its slice with the timeline")
	}
}

func TestEffectiveDay(t *testing.T) {
	tl := load(t)
	for id, want := range map[string]string{
		"api-1.0-launch":           "2008-10-01", // the guess of an approximate window
		"rental-history-removed":   "2012-09-15",
		"no-expiration-dates":      "2013-07-01",
		"dvd-support-continues":    "2012-01-01",
		"public-api-retired":       "2014-11-14",
		"streaming-only-program":   "2011-10-14",
		"playback-bookmark-zeroed": "2011-06-30",
	} {
		e, _ := tl.Event(id)
		if got := e.EffectiveDay().String(); got != want {
			t.Errorf("%s: EffectiveDay() = %s, want %s", id, got, want)
		}
	}
}
