package mockserver

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/flixconf/flixconf/fixtures"
)

// subResources are the sub-resources of a title, by path segment. A title answers every
// sub-resource its kind has in the description, with an empty document where the fixtures
// record nothing; its links name only those its fixture lists.
var subResources = []string{"synopsis", "short_synopsis", "cast", "directors", "format_availability",
	"screen_formats", "languages_and_audio", "awards", "bonus_materials", "similars"}

// subResource answers GET /catalog/titles/{kind}s/{id}/{name}.
func subResource(kind, name string) func(*call) {
	return func(c *call) {
		if t, ok := c.titleOfPath(kind); ok {
			c.answerDoc(http.StatusOK, c.subDocument(name, t, c.listPage()))
		}
	}
}

// subDocument builds the document of t's sub-resource called name, showing page p of a
// paged one (similars, bonus materials); nil for a name that is not a sub-resource.
func (c *call) subDocument(name string, t *fixtures.Title, p listPage) *node {
	switch name {
	case "synopsis":
		return leaf("synopsis", c.synopsis(t, true))
	case "short_synopsis":
		return leaf("short_synopsis", c.synopsis(t, false))
	case "cast":
		return c.peopleNode(t.Cast)
	case "directors":
		return c.peopleNode(t.Directors)
	case "format_availability":
		return c.deliveryFormats(t, false)
	case "screen_formats":
		return c.screenFormats(t)
	case "languages_and_audio":
		return c.languagesAndAudio(t)
	case "awards":
		// The full-index parser shows award_winner and award_nominee children, but the
		// fixtures record no award, and inventing one would state a false fact.
		return el("awards")
	case "bonus_materials":
		// The fixtures record no bonus material, so the list is always empty.
		return c.titleList("catalog_titles", c.titleURL(t)+"/bonus_materials", "start_index|max_results", nil, p, nil)
	case "similars":
		return c.similars(t, p)
	}
	return nil
}

// synopsis writes a title's synopsis from its facts, never from recorded prose. The full one
// names the title's directors and first cast members as links to their pages, the HTML that
// the recorded synopsis carries; the short one (2.0) is its first sentence.
func (c *call) synopsis(t *fixtures.Title, full bool) string {
	var b strings.Builder
	name := t.Title.Regular
	rated := ""
	for _, cat := range t.CategoriesOn(c.day) {
		if cat.Scheme == "mpaa_ratings" || cat.Scheme == "tv_ratings" {
			rated = ", rated " + cat.Label
			break
		}
	}
	minutes := (t.Runtime + 30) / 60
	switch series, _ := c.s.catalog.Title(t.Series); {
	case t.Kind == "series":
		fmt.Fprintf(&b, "%s is a television series first shown in %d", name, t.ReleaseYear)
		if n := len(c.s.catalog.Episodes(t.ID)); n > 0 {
			fmt.Fprintf(&b, ", told in %d episodes", n)
		}
	case t.Kind == fixtures.KindSeason && series != nil:
		fmt.Fprintf(&b, "Season %d of %s, from %d, runs %d minutes", t.Season, series.Title.Regular, t.ReleaseYear, minutes)
		if n := len(c.episodesOf(t)); n > 0 {
			fmt.Fprintf(&b, " in %d episodes", n)
		}
	case t.Kind == "program" && series != nil:
		fmt.Fprintf(&b, "Episode %d of season %d of %s, \"%s\" (%d), runs %d minutes", t.Episode, t.Season, series.Title.Regular, t.Title.Short, t.ReleaseYear, minutes)
	case t.Kind == "disc" && series != nil:
		fmt.Fprintf(&b, "Disc %d of %s, from %d, holds %d minutes", t.Disc, strings.TrimSuffix(name, fmt.Sprintf(": Disc %d", t.Disc)), t.ReleaseYear, minutes)
	default:
		fmt.Fprintf(&b, "%s is a %d %s of %d minutes", name, t.ReleaseYear, kindNoun[t.Kind], minutes)
	}
	b.WriteString(rated + ".")
	if !full {
		return b.String()
	}
	for _, p := range []struct {
		verb string
		ids  []string
	}{{"Directed by", t.Directors}, {"With", t.Cast[:min(len(t.Cast), 3)]}} {
		var anchors []string
		for _, id := range p.ids {
			if person, ok := c.s.catalog.Person(id); ok {
				anchors = append(anchors, fmt.Sprintf(`<a href="%s">%s</a>`, roleDisplay(person), person.Name))
			}
		}
		if len(anchors) > 0 {
			fmt.Fprintf(&b, " %s %s.", p.verb, joinNames(anchors))
		}
	}
	return b.String()
}

// kindNoun names a title's kind in a synopsis.
var kindNoun = map[string]string{"movie": "movie", "series": "series", "season": "season", "program": "program", "disc": "disc"}

// joinNames writes "a", "a and b", "a, b and c".
func joinNames(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// peopleNode is a title's cast or directors: <people> with a person per id, in the title's
// order (flix4r cast.xml and directors.xml).
func (c *call) peopleNode(ids []string) *node {
	n := el("people")
	for _, id := range ids {
		if p, ok := c.s.catalog.Person(id); ok {
			n.add(c.personNode(p))
		}
	}
	return n
}

// personNode is a person as the recorded cast.xml writes one: id, name, the bio when the
// fixtures have one (theirs, never the recorded prose), the filmography and web page links.
func (c *call) personNode(p *fixtures.Person) *node {
	self := c.personURL(p)
	n := el("person", leaf("id", self), leaf("name", p.Name))
	if p.Bio != "" {
		n.add(leaf("bio", p.Bio))
	}
	return n.add(
		linkNode(self+"/filmography", "http://schemas.netflix.com/catalog/titles.filmography", "filmography"),
		linkNode(roleDisplay(p), "alternate", "web page"))
}

// personURL is a person's id: its URL on the call's API host.
func (c *call) personURL(p *fixtures.Person) string {
	return "http://" + c.host + "/catalog/people/" + p.ID
}

// roleDisplay is a person's page on www.netflix.com, as cast.xml links it
// (http://www.netflix.com/RoleDisplay/Roy_Scheider/82729).
func roleDisplay(p *fixtures.Person) string {
	var b strings.Builder
	b.WriteString("http://www.netflix.com/RoleDisplay/")
	for _, word := range strings.Fields(p.Name) {
		if b.Len() > len("http://www.netflix.com/RoleDisplay/") {
			b.WriteByte('_')
		}
		b.WriteString(strings.Map(func(r rune) rune {
			if r == '.' || r == '\'' || r == ',' {
				return -1
			}
			return r
		}, word))
	}
	return b.String() + "/" + p.ID
}

// deliveryFormats is <delivery_formats>: an availability per format the title can be had in
// on the call's day, from and until in epoch seconds (until only where its window ends), each
// holding its title_formats category (delivery_formats fixtures of a Ruby client). legacy adds,
// before it, the deprecated category of the 1.0 index (a real index fragment), whose wrong
// scheme the early-2009 post says was kept.
func (c *call) deliveryFormats(t *fixtures.Title, legacy bool) *node {
	n := el("delivery_formats")
	for _, f := range t.Formats {
		if !f.AvailableOn(c.day) {
			continue
		}
		a := el("availability").attr("available_from", epoch(f.AvailableFrom))
		if until := c.availableUntil(f); until != "" {
			a.attr("available_until", until)
		}
		if legacy {
			a.add(categoryNode("http://"+c.host+"/catalog/titles/formats", f.Format, f.Format).attr("status", "deprecated"))
		}
		n.add(a.add(c.category("title_formats", f.Format)))
	}
	return n
}

// category is a category element of a scheme on the call's API host, its term its label.
func (c *call) category(scheme, label string) *node {
	return categoryNode("http://"+c.host+"/categories/"+scheme, label, label)
}

// screenFormats and languagesAndAudio answer documents whose element names no recording or
// parser gives (the descriptions leave them open): each is a small plausible document of
// categories of the schemes the 2011 post lists, per format the title can be had in on the day.

// screenFormats: <screen_formats> with a screen_format per format: widescreen for a movie
// from 1953 (CinemaScope) and for anything from 2005, standard before.
func (c *call) screenFormats(t *fixtures.Title) *node {
	shape := "Standard"
	if t.ReleaseYear >= 2005 || t.Kind == "movie" && t.ReleaseYear >= 1953 {
		shape = "Widescreen"
	}
	n := el("screen_formats")
	for _, f := range c.formatsOn(t) {
		n.add(el("screen_format", c.category("title_formats", f), c.category("screen_formats", shape)))
	}
	return n
}

// languagesAndAudio: <languages_and_audio> with a language_audio_format per format, in
// English (the fixtures record no language; the catalog is the US one) with audio by era.
func (c *call) languagesAndAudio(t *fixtures.Title) *node {
	audio := "Mono"
	switch {
	case t.ReleaseYear >= 1992:
		audio = "Dolby Digital 5.1"
	case t.ReleaseYear >= 1970:
		audio = "Stereo"
	}
	n := el("languages_and_audio")
	for _, f := range c.formatsOn(t) {
		n.add(el("language_audio_format", c.category("title_formats", f), c.category("languages", "English"), c.category("audio", audio)))
	}
	return n
}

// formatsOn lists the formats a title can be had in on the call's day.
func (c *call) formatsOn(t *fixtures.Title) []string {
	var out []string
	for _, f := range t.Formats {
		if f.AvailableOn(c.day) && !slices.Contains(out, f.Format) {
			out = append(out, f.Format)
		}
	}
	return out
}

// similars lists, as similars_item, the titles that share a genre with t on the call's day,
// in catalog order: the record gives no rule, and this one is deterministic and follows the
// day's classification.
func (c *call) similars(t *fixtures.Title, p listPage) *node {
	var genres []string
	for _, cat := range t.CategoriesOn(c.day) {
		if cat.Scheme == "genres" {
			genres = append(genres, cat.Label)
		}
	}
	var out []*fixtures.Title
	if len(genres) > 0 {
		titles := c.s.catalog.Titles
		for i := range titles {
			o := &titles[i]
			if o == t || !c.listed(o) {
				continue
			}
			if slices.ContainsFunc(o.Categories, func(cat fixtures.Category) bool {
				return cat.Scheme == "genres" && cat.Contains(c.day) && slices.Contains(genres, cat.Label)
			}) {
				out = append(out, o)
			}
		}
	}
	return c.titleList("similars", c.titleURL(t)+"/similars", "start_index|max_results", out, p, nil)
}
