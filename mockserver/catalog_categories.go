package mockserver

import (
	"maps"
	"net/http"
	"slices"

	"github.com/flixconf/flixconf/fixtures"
)

// categoryScheme is one of the 17 category resources "Upcoming Changes to the Open API
// Program" (2011) lists. A scheme that the catalog's titles carry lists the labels they carry
// on the call's day; the others list fixed labels.
type categoryScheme struct {
	name string
	// fromCatalog: the labels are those of the titles' categories of this scheme.
	fromCatalog bool
	// labels are the fixed labels, for a scheme the titles do not carry.
	labels []string
}

// categorySchemes lists every category resource. No category list survives in a recording:
// the fixed labels are those the mock's own answers use (formats, queue availability, screen
// formats, languages, audio), the few title states the reference and an ActionScript library
// name, and plausible labels of the time for the schemes nothing else uses.
var categorySchemes = []categoryScheme{
	{name: "title_formats", labels: fixtures.Formats},
	{name: "award_types", labels: []string{"Academy Award", "Golden Globe", "Emmy Award"}},
	{name: "screen_formats", labels: []string{"Widescreen", "Standard"}},
	{name: "rental_states", labels: []string{"shipped", "returned", "watched"}},
	{name: "title_video_formats", labels: []string{"SD", "HD"}},
	{name: "languages", labels: []string{"English"}},
	{name: "subtitle_languages", labels: []string{"English", "Spanish", "French"}},
	{name: "audio", labels: []string{"Mono", "Stereo", "Dolby Digital 5.1"}},
	{name: "genres", fromCatalog: true},
	{name: "queue_availability", labels: []string{"available now", "saved"}},
	{name: "title_states", labels: []string{"Play", "Add", "In Queue", "Save", "At Home"}},
	{name: "mpaa_ratings", fromCatalog: true},
	{name: "tv_ratings", fromCatalog: true},
	{name: "ca_movie_ratings", labels: []string{"G", "PG", "14A", "18A", "R"}},
	{name: "container_formats", labels: []string{"DVD-5", "DVD-9", "BD-25", "BD-50"}},
	{name: "video_formats", labels: []string{"NTSC", "720p", "1080p"}},
	{name: "audio_formats", labels: []string{"Dolby Digital", "DTS", "PCM"}},
}

// categoryList answers GET /categories/{scheme}: <categories> with a category per label, in
// alphabetical order for the labels read from the catalog.
func categoryList(s categoryScheme) func(*call) {
	return func(c *call) {
		labels := s.labels
		if s.fromCatalog {
			labels = c.catalogLabels(s.name)
		}
		n := el("categories")
		for _, l := range labels {
			n.add(c.category(s.name, l))
		}
		c.answerDoc(http.StatusOK, n)
	}
}

// catalogLabels returns the distinct labels of a scheme that titles carry on the call's day,
// sorted.
func (c *call) catalogLabels(scheme string) []string {
	seen := map[string]bool{}
	titles := c.s.catalog.Titles
	for i := range titles {
		for _, cat := range titles[i].Categories {
			if cat.Scheme == scheme && cat.Contains(c.day) {
				seen[cat.Label] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(seen))
}
