package contract

import (
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/flixconf/flixconf/spec"
)

// recipe is how to ask one or more operations validly: the fixtures of the path, the
// parameters the operation requires, what must be done first, and what the answer must
// carry. The auth level comes from the description (feeds take their credential from the
// feeds list), the representation from the media type.
type recipe struct {
	// For is an operation id, or a path template in which * stands for any run of characters:
	// the operations the recipe serves. An operation's id wins, then its very path, then the
	// longest pattern its path matches.
	For string
	// Path replaces the operation's path template, for an operation whose fixture differs
	// from its siblings'; it must lead to the same operation.
	Path string
	// Query holds the parameters the operation needs, URL-encoded.
	Query string
	// Setup prepares the state the request needs (a user of the spec's own, a queue entry, a
	// rating, a request token).
	Setup setup
	// Status is the 2xx the request must answer; 0 is 200.
	Status int
	// Mentions is text the answer must carry, in every representation: what proves it is
	// about what was asked. {path} is the path asked for; {user_id} and the values of a setup
	// (title_id, rating_id) stand for what they name.
	Mentions string
}

// The fixtures the path templates are filled with: titles and people with content, as the
// mock's catalog tests use them (mockserver/catalog_conformance_test.go catSamples), and their
// OData keys (a title's OData Id is its numeric id in base 36, mockserver/odata tests).
var samples = strings.NewReplacer(
	"/movies/{id}", "/movies/"+jaws, // Jaws (flix4r test/fixtures/movies.xml)
	"/series/{id}", "/series/70142415", // The Sarah Silverman Program (the New Series Model post)
	"{season_id}", "89000102", // its second season
	"/programs/{id}", "/programs/89000007", // its episode "Bored of the Rings"
	"/discs/{id}", "/discs/60003464", // The Sopranos: Season 1: Disc 1
	"{person_id}", "82729", // Roy Scheider, of the cast of Jaws
	"Titles('{id}')", "Titles('zq18k')", // Jaws
	"People({id})", "People(82729)",
	"Genres('{name}')", "Genres('Thrillers')", // Jaws' genre before and after the 2011-06-15 replacement (fixtures/catalog/titles.yaml)
	"Languages('{name}')", "Languages('English')", // the language the REST mock gives every title
	"/{property}", "/Name",
	"guid'{id}'", "guid'00000000-0000-0000-0000-000000000000'",
)

// The titles the recipes name by id.
const (
	jaws = "60001220"
	// americanInParis streams from 2008-10-01, the API's launch, and is on DVD from 2000,
	// both with no end (fixtures/catalog/titles.yaml).
	americanInParis = "251454"
	// yarrowick is a synthetic title of the mock's catalog (fixtures.Generate, seed 1, any
	// size from 382 titles) released on DVD and instant on 2014-12-11, after the API's last
	// day: on every day of the API it is not yet released, so a queue keeps it in its saved
	// part. No title of the YAML fixtures comes out on instant after API 2.0's launch.
	yarrowick = "90000381"
)

// odataRoot is the service root the OData paths are asked under.
const odataRoot = "/Catalog"

// titleRefs asks for the ratings and title states of Jaws.
const titleRefs = "title_refs=http%3A%2F%2Fapi.netflix.com%2Fcatalog%2Ftitles%2Fmovies%2F" + jaws

// recipes cover every operation of every description (contract_test.go holds them to it).
var recipes = []recipe{
	// The catalog's titles, of each kind, and their sub-resources: the answer names the title
	// or the sub-resource asked for, in its id or its url_template.
	{For: "/catalog/titles/*/{id}", Mentions: "{path}"},
	{For: "/catalog/titles/series/{id}/seasons/{season_id}", Mentions: "{path}"},
	{For: "/catalog/titles/*/similars", Mentions: "{path}"},
	{For: "/catalog/titles/*/bonus_materials", Mentions: "{path}"},
	// Sub-resources whose answers name no path.
	{For: "/catalog/titles/*/synopsis", Mentions: "synopsis"},
	{For: "/catalog/titles/*/short_synopsis", Mentions: "short_synopsis"},
	{For: "/catalog/titles/*/awards", Mentions: "awards"},
	{For: "/catalog/titles/*/format_availability", Mentions: "delivery_formats"},
	{For: "/catalog/titles/*/screen_formats", Mentions: "screen_formats"},
	{For: "/catalog/titles/*/languages_and_audio", Mentions: "languages_and_audio"},
	// Of the samples only Jaws has its cast and directors recorded.
	{For: "/catalog/titles/*/cast", Mentions: "people"},
	{For: "/catalog/titles/*/directors", Mentions: "people"},
	{For: "/catalog/titles/movies/{id}/cast", Mentions: "/catalog/people/82729"},
	{For: "/catalog/titles/movies/{id}/directors", Mentions: "/catalog/people/87835"}, // Steven Spielberg
	// Of the series of the fixtures The Sopranos (60030356) has discs; its first season shares
	// its id.
	{For: "getCatalogTitlesSeriesByIdDiscs", Path: "/catalog/titles/series/60030356/discs", Mentions: "/catalog/titles/discs/60003464"},
	{For: "getCatalogTitlesSeriesByIdSeasonsBySeasonIdDiscs", Path: "/catalog/titles/series/60030356/seasons/60030356/discs", Mentions: "/catalog/titles/discs/60003464"},
	{For: "getCatalogTitlesSeriesByIdSeasonsBySeasonIdEpisodes", Mentions: "/catalog/titles/programs/89000007"},
	{For: "getCatalogTitlesSeriesByIdEpisodes", Mentions: "/catalog/titles/programs/89000007"},
	{For: "getCatalogTitlesSeriesByIdSeasons", Mentions: "/seasons/89000102"},

	// Search, autocomplete and people.
	{For: "getCatalogTitles", Query: "term=jaws", Mentions: "/catalog/titles/movies/" + jaws},
	{For: "getCatalogTitlesAutocomplete", Query: "term=jaw", Mentions: "Jaws"},
	{For: "getCatalogPeople", Query: "term=roy", Mentions: "Roy Scheider"},
	{For: "getCatalogPeopleByPersonId", Mentions: "Roy Scheider"},
	{For: "getCatalogPeopleByPersonIdFilmography", Mentions: "/catalog/titles/movies/" + jaws},

	// The index files: the 1.0 index and the streaming file list the titles that stream on the
	// day (An American in Paris streams from the API's launch with no end), the full index
	// and the DVD file Jaws (on DVD from 1998 with no end).
	{For: "getCatalogTitlesIndex", Mentions: "/catalog/titles/movies/" + americanInParis},
	{For: "getCatalogTitlesStreaming", Mentions: "/catalog/titles/movies/" + americanInParis},
	{For: "getCatalogTitlesFull", Mentions: "/catalog/titles/movies/" + jaws},
	{For: "getCatalogTitlesDvd", Mentions: "/catalog/titles/movies/" + jaws},

	// Every category resource's categories carry the resource as their scheme.
	{For: "/categories/*", Mentions: "{path}"},

	// The user resources, read as the credentials' first user (whose fixtures have content:
	// fixtures/users/users.yaml), and their feed forms.
	{For: "getUsersCurrent", Mentions: "/users/{user_id}"},
	{For: "getUsersByUserId", Mentions: "{user_id}"},
	{For: "getUsersByUserIdFeeds", Mentions: "feed_token="},
	{For: "getUsersByUserIdQueues", Mentions: "/users/{user_id}/queues/disc"},
	{For: "/users/{user_id}/queues/disc*", Mentions: "/queues/disc/available/1/70167072"},       // Arthur
	{For: "/users/{user_id}/queues/instant*", Mentions: "/queues/instant/available/1/70113539"}, // Sita Sings the Blues
	// Empty for that user: the answer names its own path in its url_template.
	{For: "getUsersByUserIdQueuesDiscSaved", Mentions: "{path}"},
	{For: "getUsersByUserIdQueuesInstantSaved", Mentions: "{path}"},
	{For: "getUsersByUserIdQueuesDiscAvailableByPositionByTitleId", Path: "/users/{user_id}/queues/disc/available/1/70167072", Mentions: "{path}"},
	{For: "getUsersByUserIdQueuesInstantAvailableByPositionByTitleId", Path: "/users/{user_id}/queues/instant/available/1/70113539", Mentions: "{path}"},
	{For: "/users/{user_id}/ratings/title*", Query: titleRefs, Mentions: "/ratings/title/actual/" + jaws}, // rated 5
	{For: "getUsersByUserIdRatingsTitlePredicted", Query: titleRefs, Mentions: "/ratings/title/predicted/" + jaws},
	{For: "getUsersByUserIdRatingsTitleActualByRatingId", Path: "/users/{user_id}/ratings/title/actual/" + jaws, Mentions: "{path}"},
	{For: "getUsersByUserIdTitleStates", Query: titleRefs, Mentions: "/catalog/titles/movies/" + jaws},
	{For: "getUsersByUserIdRecommendations", Mentions: "/users/{user_id}/recommendations/"},
	{For: "getUsersByUserIdReviews", Mentions: "/reviews/" + jaws},
	{For: "/users/{user_id}/rental_history*", Mentions: "/rental_history/70071613"},     // No Country for Old Men, shipped and returned
	{For: "getUsersByUserIdRentalHistoryWatched", Mentions: "/rental_history/60032294"}, // My Neighbor Totoro
	{For: "getUsersByUserIdAtHome", Mentions: "/at_home/70105135"},                      // The Road

	// The writes, each with a user of the spec's own. An American in Paris can be had on disc
	// and on instant on every day of the API, Yarrowick on none.
	{For: "postUsersByUserIdQueuesDisc", Query: "title_ref=" + titleURL("movies/"+americanInParis), Setup: queueWrite("disc"), Status: http.StatusCreated, Mentions: "/queues/disc/available/1/" + americanInParis},
	{For: "postUsersByUserIdQueuesInstant", Query: "title_ref=" + titleURL("movies/"+americanInParis), Setup: queueWrite("instant"), Status: http.StatusCreated, Mentions: "/queues/instant/available/1/" + americanInParis},
	{For: "deleteUsersByUserIdQueuesDiscAvailableByPositionByTitleId", Setup: queued("disc", "movies/"+americanInParis, partAvailable), Mentions: "Title deleted from queue"},
	{For: "deleteUsersByUserIdQueuesInstantAvailableByPositionByTitleId", Setup: queued("instant", "movies/"+americanInParis, partAvailable), Mentions: "Title deleted from queue"},
	{For: "getUsersByUserIdQueuesDiscSavedByTitleId", Setup: queued("disc", "movies/"+yarrowick, partSaved), Mentions: "{path}"},
	{For: "getUsersByUserIdQueuesInstantSavedByTitleId", Setup: queued("instant", "movies/"+yarrowick, partSaved), Mentions: "{path}"},
	{For: "deleteUsersByUserIdQueuesDiscSavedByTitleId", Setup: queued("disc", "movies/"+yarrowick, partSaved), Mentions: "Title deleted from queue"},
	{For: "deleteUsersByUserIdQueuesInstantSavedByTitleId", Setup: queued("instant", "movies/"+yarrowick, partSaved), Mentions: "Title deleted from queue"},
	{For: "postUsersByUserIdRatingsTitleActual", Query: "rating=4&title_ref=" + titleURL("movies/"+jaws), Setup: ownUser(), Status: http.StatusCreated, Mentions: "/ratings/title/actual/" + jaws},
	{For: "putUsersByUserIdRatingsTitleActualByRatingId", Query: "rating=2", Setup: rated("movies/" + jaws), Mentions: "/ratings/title/actual/" + jaws},

	// The OAuth dance.
	{For: "/oauth/request_token", Mentions: "oauth_token_secret="},
	{For: "getOauthLogin", Setup: loginPage(), Mentions: "Sign in"},
	{For: "postOauthLogin", Setup: loginForm(), Mentions: "successfully"},
	{For: "/oauth/access_token", Setup: authorised(), Mentions: "user_id={user_id}"},

	// The OData catalog, with $top to keep the collections short.
	{For: "getRoot", Mentions: "Titles"},
	{For: "getMetadata", Mentions: "NetflixCatalog"},
	{For: "/Titles", Query: "$top=3", Mentions: "Titles('"},
	{For: "/Movies", Query: "$top=3", Mentions: "Titles('"},
	{For: "/Series", Query: "$top=3", Mentions: "Titles('"},
	{For: "/Seasons", Query: "$top=3", Mentions: "Titles('"},
	{For: "/Episodes", Query: "$top=3", Mentions: "Titles('"},
	{For: "/Discs", Query: "$top=3", Mentions: "Titles('"},
	{For: "/Genres", Query: "$top=3", Mentions: "Genres('"},
	{For: "/People", Query: "$top=3", Mentions: "People("},
	{For: "/Languages", Query: "$top=3"},
	{For: "/TitleAudioFormats", Query: "$top=3"},
	{For: "/TitleScreenFormats", Query: "$top=3"},
	{For: "/TitleAwards", Query: "$top=3"},
	// Jaws' other navigation properties: its languages, formats and awards, its Movie (itself:
	// Jaws is a movie) and its box art.
	{For: "/Titles('{id}')*"},
	{For: "/Titles('{id}')", Mentions: "Titles('zq18k')"},
	{For: "/Titles('{id}')/Cast", Mentions: "People(82729)"},
	{For: "/Titles('{id}')/Directors", Mentions: "People(87835)"},
	{For: "/Titles('{id}')/Genres", Mentions: "Genres('Thrillers')"},
	{For: "/Titles('{id}')/{property}*", Mentions: "Jaws"},
	// A season and a series are the navigation targets of a disc of The Sopranos ('zq2yw',
	// 60003464): its first season shares the series' id (mockserver/odata tests).
	{For: "/Titles('{id}')/Season", Path: "/Titles('zq2yw')/Season", Mentions: "Titles('zqnpw_zqnpw')"},
	{For: "/Titles('{id}')/Series", Path: "/Titles('zq2yw')/Series", Mentions: "Titles('zqnpw')"},
	// A disc's Disc is itself; Jaws is on no disc of the fixtures, so it answers 204.
	{For: "/Titles('{id}')/Disc", Path: "/Titles('zq2yw')/Disc", Mentions: "Titles('zq2yw')"},
	{For: "/Titles('{id}')/Movie", Mentions: "Titles('zq18k')"},
	{For: "/People({id})", Mentions: "People(82729)"},
	{For: "/People({id})/Awards"},
	{For: "/People({id})/TitlesActedIn", Mentions: "Titles('zq18k')"},
	{For: "/People({id})/TitlesDirected", Path: "/People(87835)/TitlesDirected", Mentions: "Titles('zq18k')"},
	{For: "/Genres('{name}')", Mentions: "Genres('Thrillers')"},
	{For: "/Genres('{name}')/Titles", Query: "$filter=Id eq 'zq18k'", Mentions: "Titles('zq18k')"},
	{For: "/Languages('{name}')", Mentions: "English"},
	{For: "/Languages('{name}')/Titles", Query: "$top=3", Mentions: "Titles('"},
	// The keys of Jaws' formats as the REST mock gives them (DVD, English, Stereo, Widescreen).
	{For: "getTitleAudioFormatsTitleIdByTitleIdDeliveryFormatByDeliveryFormatLanguageByLanguageFormatByFormat",
		Path: "/TitleAudioFormats(TitleId='zq18k',DeliveryFormat='DVD',Language='English',Format='Stereo')", Mentions: "zq18k"},
	{For: "getTitleScreenFormatsTitleIdByTitleIdDeliveryFormatByDeliveryFormatFormatByFormat",
		Path: "/TitleScreenFormats(TitleId='zq18k',DeliveryFormat='DVD',Format='Widescreen')", Mentions: "zq18k"},
	// Jaws' Best Film Editing award (won, 1975): the mock keys an award by a name-based UUID
	// (version 5, URL namespace) of its title's URL and its type, category, year and person.
	{For: "getTitleAwardsGuidById", Path: "/TitleAwards(guid'93bed5b2-a21a-506c-aa8f-47e78f4f33b5')", Mentions: "Best Film Editing"},
}

// recipeFor finds the recipe of an operation: the one naming its id, else the one naming its
// very path, else the longest pattern its path matches.
func recipeFor(op spec.Operation) (recipe, bool) {
	if i := slices.IndexFunc(recipes, func(r recipe) bool { return r.For == op.ID }); i >= 0 {
		return recipes[i], true
	}
	var best recipe
	found := false
	for _, r := range recipes {
		switch {
		case r.For == op.Path:
			return r, true
		case isPattern(r.For) && matches(r.For, op.Path) && (!found || len(r.For) > len(best.For)):
			best, found = r, true
		}
	}
	return best, found
}

// isPattern reports whether a recipe's For is a path pattern rather than an operation id.
func isPattern(s string) bool { return strings.HasPrefix(s, "/") }

// matches reports whether a path template matches a pattern, * standing for any run of
// characters.
func matches(pattern, path string) bool {
	parts := strings.Split(pattern, "*")
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return regexp.MustCompile("^" + strings.Join(parts, ".*") + "$").MatchString(path)
}
