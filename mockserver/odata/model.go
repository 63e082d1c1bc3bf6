package odata

import "slices"

// XML namespaces and URIs of OData V2 as WCF Data Services wrote them.
const (
	nsAtom     = "http://www.w3.org/2005/Atom"
	nsApp      = "http://www.w3.org/2007/app"
	nsData     = "http://schemas.microsoft.com/ado/2007/08/dataservices"
	nsMetadata = "http://schemas.microsoft.com/ado/2007/08/dataservices/metadata"
	schemeURI  = nsData + "/scheme"
	relatedURI = nsData + "/related/"
)

// modelNamespace qualifies every type name. The 2010 entry says NetflixModel; the later
// $metadata, which this package's model follows, says NetflixCatalog.Model.
const modelNamespace = "NetflixCatalog.Model"

// kind is the type of a property: an Edm primitive or a complex type.
type kind uint8

const (
	kindString kind = iota + 1
	kindInt32
	kindDouble
	kindBoolean
	kindDateTime
	kindGuid
	kindComplex
)

// edmNames are the primitive kinds' names in m:type attributes and the $metadata.
var edmNames = map[kind]string{
	kindString:   "Edm.String",
	kindInt32:    "Edm.Int32",
	kindDouble:   "Edm.Double",
	kindBoolean:  "Edm.Boolean",
	kindDateTime: "Edm.DateTime",
	kindGuid:     "Edm.Guid",
}

// property is a structural property of an entity or complex type.
type property struct {
	name    string
	kind    kind
	complex *complexType // set when kind is kindComplex
}

// typeName is the property's type as m:type and the $metadata write it.
func (p *property) typeName() string {
	if p.kind == kindComplex {
		return p.complex.qualified()
	}
	return edmNames[p.kind]
}

// complexType is a structured value without identity (BoxArt, the availabilities).
type complexType struct {
	name  string
	props []property
}

func (c *complexType) qualified() string { return modelNamespace + "." + c.name }

// navigation is a navigation property: a link to one entity (many false, multiplicity 0..1)
// or to a collection of entities of the entity set target.
type navigation struct {
	name   string
	target string
	many   bool
}

// entityType is an entity type together with the one entity set that holds its entities.
type entityType struct {
	name  string
	set   string
	key   []string
	props []property
	navs  []navigation
	// media marks a media link entry (m:HasStream): a Title's media resource is its box art.
	media bool
	// The feed customisations of the $metadata: the properties shown as atom:title, as
	// atom:summary (HTML) and as atom:updated; the last is left out of m:properties
	// (FC_KeepInContent false).
	syndicationTitle, syndicationSummary, syndicationUpdated string
}

func (t *entityType) qualified() string { return modelNamespace + "." + t.name }

func (t *entityType) prop(name string) (*property, bool) {
	i := slices.IndexFunc(t.props, func(p property) bool { return p.name == name })
	if i < 0 {
		return nil, false
	}
	return &t.props[i], true
}

func (t *entityType) nav(name string) (*navigation, bool) {
	i := slices.IndexFunc(t.navs, func(n navigation) bool { return n.name == name })
	if i < 0 {
		return nil, false
	}
	return &t.navs[i], true
}

func (c *complexType) prop(name string) (*property, bool) {
	i := slices.IndexFunc(c.props, func(p property) bool { return p.name == name })
	if i < 0 {
		return nil, false
	}
	return &c.props[i], true
}

// The complex types of the later $metadata (studerw/odata-client netflix_metadata.xml).
var (
	boxArtType = &complexType{name: "BoxArt", props: []property{
		{name: "SmallUrl", kind: kindString},
		{name: "MediumUrl", kind: kindString},
		{name: "LargeUrl", kind: kindString},
		{name: "HighDefinitionUrl", kind: kindString},
	}}
	instantType = &complexType{name: "InstantAvailability", props: []property{
		{name: "Available", kind: kindBoolean},
		{name: "AvailableFrom", kind: kindDateTime},
		{name: "AvailableTo", kind: kindDateTime},
		{name: "HighDefinitionAvailable", kind: kindBoolean},
		{name: "Runtime", kind: kindInt32},
		{name: "Rating", kind: kindString},
	}}
	deliveryType = &complexType{name: "DeliveryFormatAvailability", props: []property{
		{name: "Available", kind: kindBoolean},
		{name: "AvailableFrom", kind: kindDateTime},
		{name: "AvailableTo", kind: kindDateTime},
		{name: "Runtime", kind: kindInt32},
		{name: "Rating", kind: kindString},
	}}
)

// The entity types, in the order of the later $metadata's properties and navigation
// properties, which is the order answers write them in.
var (
	titleType = &entityType{
		name: "Title", set: "Titles", key: []string{"Id"}, media: true,
		props: []property{
			{name: "Id", kind: kindString},
			{name: "Synopsis", kind: kindString},
			{name: "ShortSynopsis", kind: kindString},
			{name: "AverageRating", kind: kindDouble},
			{name: "ReleaseYear", kind: kindInt32},
			{name: "Url", kind: kindString},
			{name: "Runtime", kind: kindInt32},
			{name: "Rating", kind: kindString},
			{name: "DateModified", kind: kindDateTime},
			{name: "Type", kind: kindString},
			{name: "BoxArt", kind: kindComplex, complex: boxArtType},
			{name: "ShortName", kind: kindString},
			{name: "Name", kind: kindString},
			{name: "Instant", kind: kindComplex, complex: instantType},
			{name: "Dvd", kind: kindComplex, complex: deliveryType},
			{name: "BluRay", kind: kindComplex, complex: deliveryType},
			{name: "TinyUrl", kind: kindString},
			{name: "WebsiteUrl", kind: kindString},
			{name: "NetflixApiId", kind: kindString},
		},
		navs: []navigation{
			{name: "AudioFormats", target: "TitleAudioFormats", many: true},
			{name: "Awards", target: "TitleAwards", many: true},
			{name: "Disc", target: "Titles"},
			{name: "Movie", target: "Titles"},
			{name: "Season", target: "Titles"},
			{name: "Series", target: "Titles"},
			{name: "ScreenFormats", target: "TitleScreenFormats", many: true},
			{name: "Cast", target: "People", many: true},
			{name: "Languages", target: "Languages", many: true},
			{name: "Directors", target: "People", many: true},
			{name: "Genres", target: "Genres", many: true},
		},
		syndicationTitle: "Name", syndicationSummary: "Synopsis", syndicationUpdated: "DateModified",
	}
	genreType = &entityType{
		name: "Genre", set: "Genres", key: []string{"Name"},
		props:            []property{{name: "Name", kind: kindString}},
		navs:             []navigation{{name: "Titles", target: "Titles", many: true}},
		syndicationTitle: "Name",
	}
	languageType = &entityType{
		name: "Language", set: "Languages", key: []string{"Name"},
		props:            []property{{name: "Name", kind: kindString}},
		navs:             []navigation{{name: "Titles", target: "Titles", many: true}},
		syndicationTitle: "Name",
	}
	personType = &entityType{
		name: "Person", set: "People", key: []string{"Id"},
		props: []property{{name: "Id", kind: kindInt32}, {name: "Name", kind: kindString}},
		navs: []navigation{
			{name: "Awards", target: "TitleAwards", many: true},
			{name: "TitlesActedIn", target: "Titles", many: true},
			{name: "TitlesDirected", target: "Titles", many: true},
		},
		syndicationTitle: "Name",
	}
	audioFormatType = &entityType{
		name: "TitleAudioFormat", set: "TitleAudioFormats", key: []string{"TitleId", "DeliveryFormat", "Language", "Format"},
		props: []property{
			{name: "TitleId", kind: kindString},
			{name: "DeliveryFormat", kind: kindString},
			{name: "Language", kind: kindString},
			{name: "Format", kind: kindString},
		},
		navs: []navigation{{name: "Title", target: "Titles"}},
	}
	awardType = &entityType{
		name: "TitleAward", set: "TitleAwards", key: []string{"Id"},
		props: []property{
			{name: "Id", kind: kindGuid},
			{name: "Type", kind: kindString},
			{name: "Category", kind: kindString},
			{name: "Year", kind: kindInt32},
			{name: "Won", kind: kindBoolean},
		},
		navs: []navigation{{name: "Title", target: "Titles"}, {name: "Person", target: "People"}},
	}
	screenFormatType = &entityType{
		name: "TitleScreenFormat", set: "TitleScreenFormats", key: []string{"TitleId", "DeliveryFormat", "Format"},
		props: []property{
			{name: "TitleId", kind: kindString},
			{name: "DeliveryFormat", kind: kindString},
			{name: "Format", kind: kindString},
		},
		navs: []navigation{{name: "Title", target: "Titles"}},
	}
)

// entitySets lists the sets in the entity container's order, which the service document keeps.
var entitySets = []*entityType{genreType, languageType, personType, audioFormatType, awardType, titleType, screenFormatType}

// setByName finds an entity set by its name.
func setByName(name string) (*entityType, bool) {
	i := slices.IndexFunc(entitySets, func(t *entityType) bool { return t.set == name })
	if i < 0 {
		return nil, false
	}
	return entitySets[i], true
}

// serviceOperations are the FunctionImports of the later $metadata: each returns the titles
// of one Type (read from the operation's name; the description marks it as an assumption).
var serviceOperations = map[string]string{
	"Movies":   "Movie",
	"Series":   "Series",
	"Seasons":  "Season",
	"Episodes": "Episode",
	"Discs":    "Disc",
}
