package spec

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"
	"text/template"
)

//go:embed src/rest.yaml.tmpl
var restTemplate string

// RESTVersions are the versions of the REST API, each described by a document rendered from
// src/rest.yaml.tmpl.
var RESTVersions = []string{"1.0", "1.5", "2.0"}

// The resources the template repeats, as data.
type (
	titleKind   struct{ Path, Op, Noun string }
	subResource struct {
		Path, Op, Noun, Response string
		Paged                    bool
	}
	titleList struct {
		Path, Op, Summary string
		Params            []string
	}
	historyList struct{ Path, Summary, Schema string }
)

var (
	titleKinds = []titleKind{
		{"movies", "Movies", "movie"},
		{"series", "Series", "series"},
		{"programs", "Programs", "program (an episode)"},
		{"discs", "Discs", "disc"},
	}
	subResources = []subResource{
		{Path: "synopsis", Op: "Synopsis", Noun: "synopsis", Response: "Synopsis"},
		{Path: "cast", Op: "Cast", Noun: "cast", Response: "People"},
		{Path: "directors", Op: "Directors", Noun: "directors", Response: "People"},
		{Path: "format_availability", Op: "FormatAvailability", Noun: "availability by format", Response: "DeliveryFormats"},
		{Path: "screen_formats", Op: "ScreenFormats", Noun: "screen formats", Response: "TitleDetail"},
		{Path: "languages_and_audio", Op: "LanguagesAndAudio", Noun: "languages and audio", Response: "TitleDetail"},
		{Path: "awards", Op: "Awards", Noun: "awards", Response: "TitleDetail"},
		{Path: "bonus_materials", Op: "BonusMaterials", Noun: "bonus materials", Response: "CatalogTitles", Paged: true},
		{Path: "similars", Op: "Similars", Noun: "similar titles", Response: "Similars", Paged: true},
	}
	shortSynopsis = subResource{Path: "short_synopsis", Op: "ShortSynopsis", Noun: "short synopsis", Response: "ShortSynopsis"}
	seriesLists   = []titleList{
		{"/catalog/titles/series/{id}/seasons", "getCatalogTitlesSeriesByIdSeasons", "The seasons of a series.", []string{"titleId"}},
		{"/catalog/titles/series/{id}/episodes", "getCatalogTitlesSeriesByIdEpisodes", "The episodes of a series (in 2.0, every episode of the series, each with its season).", []string{"titleId"}},
		{"/catalog/titles/series/{id}/discs", "getCatalogTitlesSeriesByIdDiscs", "The discs of a series.", []string{"titleId"}},
		{"/catalog/titles/series/{id}/seasons/{season_id}/episodes", "getCatalogTitlesSeriesByIdSeasonsBySeasonIdEpisodes", "The episodes of a season.", []string{"titleId", "seasonId"}},
		{"/catalog/titles/series/{id}/seasons/{season_id}/discs", "getCatalogTitlesSeriesByIdSeasonsBySeasonIdDiscs", "The discs of a season.", []string{"titleId", "seasonId"}},
	}
	// The 17 category resources "Upcoming Changes to the Open API Program" (2011) lists.
	categories = []string{"title_formats", "award_types", "screen_formats", "rental_states", "title_video_formats",
		"languages", "subtitle_languages", "audio", "genres", "queue_availability", "title_states", "mpaa_ratings",
		"tv_ratings", "ca_movie_ratings", "container_formats", "video_formats", "audio_formats"}
	history = []historyList{
		{"rental_history", "Titles the user rented or watched; removed 2012-09-15.", "RentalHistoryDocument"},
		{"rental_history/shipped", "Discs shipped to the user; removed 2012-09-15.", "RentalHistoryDocument"},
		{"rental_history/returned", "Discs the user returned; removed 2012-09-15.", "RentalHistoryDocument"},
		{"rental_history/watched", "Titles the user watched; removed 2012-09-15.", "RentalHistoryDocument"},
		{"at_home", "Discs at the user's home; removed 2012-09-15.", "AtHomeDocument"},
	}
	// Elements that repeat; each gets a <Name>List schema.
	listItems = []string{"AtomEntry", "AutocompleteItem", "Availability", "CatalogTitle", "Category", "HistoryItem",
		"Link", "Person", "QueueItem", "RatingsItem", "Recommendation", "Review", "TitleIndexItem", "TitleState", "TitleStateItem"}
	// Expansion names (pyflix2 EXPANDS for 2.0; 1.x without @short_synopsis, an assumption).
	expansions = []string{"@title", "@box_art", "@synopsis", "@format_availability", "@screen_formats", "@cast",
		"@directors", "@languages_and_audio", "@awards", "@similars", "@bonus_materials", "@seasons", "@episodes", "@discs"}
)

// Render renders the document of REST API version v from the template.
func Render(v string) ([]byte, error) {
	var data struct {
		V                          string
		AtLeast15, Is20            bool
		Expand, Categories, Queues []string
		QueueParts, TokenMethods   []string
		TitleKinds                 []titleKind
		SubResources               []subResource
		SeriesLists                []titleList
		RentalHistory              []historyList
		Lists                      []string
	}
	switch v {
	case "1.0", "1.5", "2.0":
	default:
		return nil, fmt.Errorf("no REST API version %q (versions: %s)", v, strings.Join(RESTVersions, ", "))
	}
	data.V, data.AtLeast15, data.Is20 = v, v != "1.0", v == "2.0"
	data.Expand = expansions
	data.SubResources = subResources
	if data.Is20 {
		data.Expand = append(append([]string{}, expansions[:3]...), append([]string{"@short_synopsis"}, expansions[3:]...)...)
		data.SubResources = append(append([]subResource{}, subResources[:1]...), append([]subResource{shortSynopsis}, subResources[1:]...)...)
	}
	data.Categories, data.Queues, data.QueueParts = categories, []string{"disc", "instant"}, []string{"available", "saved"}
	data.TokenMethods = []string{"get", "post"}
	data.TitleKinds, data.SeriesLists, data.RentalHistory = titleKinds, seriesLists, history
	data.Lists = listItems

	t, err := template.New("rest").Funcs(template.FuncMap{
		"opid":  OperationID,
		"join":  strings.Join,
		"lower": strings.ToLower,
		"title": func(s string) string { return OperationID("", s) },
	}).Option("missingkey=error").Parse(restTemplate)
	if err != nil {
		return nil, fmt.Errorf("the REST template: %w", err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return nil, fmt.Errorf("rendering version %s: %w", v, err)
	}
	return b.Bytes(), nil
}
