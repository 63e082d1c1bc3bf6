// Package odata serves the Netflix OData catalog ("OData Catalog API (Preview)" on
// odata.netflix.com, built on WCF Data Services) from flixconf's fixtures, as
// spec/openapi/odata.yaml describes it: the service document, $metadata, the seven entity
// sets, entities by key, navigation and structural properties, a title's box art as its media
// resource, the five service operations, and the query options $filter, $orderby, $top,
// $skip, $skiptoken, $expand, $select, $inlinecount, $format and $callback, in Atom and in
// OData V2 verbose JSON.
//
// Facts that change with time (a title's genres and rating, its availability windows) are
// taken as they stand on the simulated day of each request.
package odata

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/flixconf/flixconf/fixtures"
	"github.com/flixconf/flixconf/spec"
)

// host names the catalog in ids and links whatever address a request used, as the REST mock
// names the API's own hosts.
const host = "odata.netflix.com"

// defaultPageSize is how many entities one answer holds of a requested collection before
// server-driven paging cuts it with a next link. The service's page size is not recorded.
const defaultPageSize = 500

// servicePrefixes are the service roots: the documented /Catalog, the versioned /v2/Catalog
// that most clients used, and /v1/Catalog, seen in one early client (reference
// netflix-api.md section 1b).
var servicePrefixes = []string{"/Catalog", "/v2/Catalog", "/v1/Catalog"}

const (
	atomContentType = "application/atom+xml;charset=utf-8"
	jsonContentType = "application/json;charset=utf-8"
	xmlContentType  = "application/xml;charset=utf-8"
)

// handler is the OData catalog; New builds it.
type handler struct {
	cat      *fixtures.Catalog
	titles   []servedTitle // in OData Id order
	day      func(*http.Request) spec.Day
	pageSize int
	// redirectMedia answers a title's media resource with a redirect to its box shot on the
	// CDN rather than with an image (RedirectMedia).
	redirectMedia bool

	mu    sync.Mutex
	views map[string]*view // by day: building one walks the whole catalog
}

// cachedViews bounds the views kept; a run asks for a handful of days.
const cachedViews = 8

// viewOn returns the catalog as it stands on day d.
func (h *handler) viewOn(d spec.Day) *view {
	h.mu.Lock()
	defer h.mu.Unlock()
	if v := h.views[d.String()]; v != nil {
		return v
	}
	if len(h.views) >= cachedViews {
		clear(h.views)
	}
	v := newView(h.cat, h.titles, d)
	h.views[d.String()] = v
	return v
}

// Option changes how the catalog New returns answers.
type Option func(*handler)

// RedirectMedia makes a title's media resource (Titles('id')/$value) answer 302 with its
// large box shot on the CDN (the entry's media_src) as Location, instead of 200 with an
// image. The description allows both: the record shows that $value was the title's box art
// (a 2012 app used it as the movie's image), not whether the service streamed the image or
// redirected to it.
func RedirectMedia() Option { return func(h *handler) { h.redirectMedia = true } }

// New returns the OData catalog over cat. day gives the simulated day a request is answered
// as of. The handler answers paths below /Catalog, /v2/Catalog and /v1/Catalog, unchanged
// from the request, and an OData 404 for any other. cat must not change afterwards; titles
// whose id is not a decimal number are left out (see odataID). New panics when cat or day is
// nil.
func New(cat *fixtures.Catalog, day func(*http.Request) spec.Day, opts ...Option) http.Handler {
	if cat == nil || day == nil {
		panic("odata.New: the catalog and the day function must not be nil")
	}
	h := &handler{cat: cat, day: day, pageSize: defaultPageSize, views: map[string]*view{}}
	for _, o := range opts {
		o(h)
	}
	for i := range cat.Titles {
		t := &cat.Titles[i]
		if id, ok := odataID(t); ok {
			h.titles = append(h.titles, servedTitle{id: id, title: t})
		}
	}
	sortTitles(h.titles)
	return h
}

// call is one request being answered.
type call struct {
	h     *handler
	w     http.ResponseWriter
	r     *http.Request
	day   spec.Day
	base  string // the service root with its slash: http://odata.netflix.com/Catalog/
	query url.Values
	json  bool
	// callback is the JSONP function that wraps a JSON answer.
	callback string
	// v1 is set when the client accepts OData V1 only (MaxDataServiceVersion 1.0): JSON
	// collections are then bare arrays, and V2 features are refused.
	v1   bool
	view *view
}

// ServeHTTP answers one request.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := &call{h: h, w: w, r: r, day: h.day(r)}
	c.serve()
}

func (c *call) serve() {
	prefix, rest, found := splitServicePath(c.r.URL.EscapedPath())
	c.base = "http://" + host + prefix + "/"
	q, qerr := url.ParseQuery(c.r.URL.RawQuery)
	c.query = q
	var err *odataError
	// The representation comes first, so that every later error is written in it.
	if c.json, c.callback, err = readFormat(q, c.r.Header.Get("Accept")); err != nil {
		c.fail(err)
		return
	}
	c.v1 = acceptsV1Only(c.r.Header.Get("MaxDataServiceVersion"))
	switch {
	case qerr != nil:
		c.fail(badRequest("The query string is malformed: %v.", qerr))
		return
	case !found:
		c.fail(notFound(strings.TrimPrefix(c.r.URL.Path, "/")))
		return
	case c.r.Method != http.MethodGet && c.r.Method != http.MethodHead:
		c.w.Header().Set("Allow", "GET, HEAD")
		c.fail(&odataError{status: http.StatusMethodNotAllowed, message: "The catalog is read-only: only GET and HEAD are allowed."})
		return
	}
	if err := checkOptions(q); err != nil {
		c.fail(err)
		return
	}
	if c.v1 {
		for _, name := range v2Options {
			if _, ok := q[name]; ok {
				c.fail(badRequest("Query option %s needs OData V2, and the request's MaxDataServiceVersion is below 2.0.", name))
				return
			}
		}
	}
	segs, err := splitSegments(rest)
	if err != nil {
		c.fail(err)
		return
	}
	switch {
	case len(segs) == 0:
		c.serviceDocument()
	case len(segs) == 1 && segs[0].raw == "$metadata":
		c.metadata()
	default:
		c.view = c.h.viewOn(c.day)
		res, err := c.resolve(segs)
		if err != nil {
			c.fail(err)
			return
		}
		c.answer(res)
	}
}

// splitServicePath finds the service root a path lies under, and the rest of the path.
func splitServicePath(escaped string) (prefix, rest string, found bool) {
	for _, p := range servicePrefixes {
		if escaped == p || strings.HasPrefix(escaped, p+"/") {
			return p, escaped[len(p):], true
		}
	}
	return servicePrefixes[0], "", false
}

// acceptsV1Only reads MaxDataServiceVersion ("1.0", "2.0;NetFx"): true below 2.0. Without
// the header the answer is V2, the form of the 2010 entry.
func acceptsV1Only(max string) bool {
	version, _, _ := strings.Cut(max, ";")
	major, _, _ := strings.Cut(strings.TrimSpace(version), ".")
	n, err := strconv.Atoi(major)
	return err == nil && n < 2
}

// refusedOptions are the query options that do not apply to what a path addresses. A raw
// value ($value) has no error answer but 404 in the description, and ignores them.
var refusedOptions = map[resourceKind][]string{
	resEntity:   collectionOptions,
	resProperty: entityOptions,
}

// answer writes what the resolved path addresses, after checking the query options against it.
func (c *call) answer(res resource) {
	if err := unexpectedOptions(c.query, refusedOptions[res.kind]); err != nil {
		c.fail(err)
		return
	}
	switch res.kind {
	case resCollection:
		c.collection(res)
	case resEntity:
		c.entity(res)
	case resProperty:
		if c.json {
			c.writeData(object{{res.prop.name, jsonValue(res.prop, res.val)}})
			return
		}
		c.write(http.StatusOK, xmlContentType, xmlPropertyDocument(res.prop, res.val))
	case resValue:
		if res.val == nil {
			c.write(http.StatusNoContent, "", nil)
			return
		}
		c.write(http.StatusOK, "text/plain;charset=utf-8", []byte(primitiveText(res.val)))
	case resMedia:
		src, ok := mediaSource(res.ent)
		if !ok {
			c.fail(notFound("$value"))
			return
		}
		// Whether the service streamed the image or redirected to it is not recorded (see
		// RedirectMedia). By default the answer is the image itself, 200 image/jpeg as the
		// entry's content_type says, with the entry's media etag; the mock holds no box art,
		// so every title's image is the same small placeholder (media.go).
		if c.h.redirectMedia {
			c.w.Header().Set("Location", src)
			c.write(http.StatusFound, "", nil)
			return
		}
		c.w.Header().Set("ETag", mediaTag(res.ent))
		c.write(http.StatusOK, "image/jpeg", placeholderJPEG())
	}
}

// shape reads $expand and $select for entities of type t.
func (c *call) shape(t *entityType) (expansion, *selection, *odataError) {
	var x expansion
	if s, ok := c.query["$expand"]; ok {
		var err *odataError
		if x, err = parseExpand(s[0], t); err != nil {
			return nil, nil, err
		}
	}
	if s, ok := c.query["$select"]; ok {
		sel, err := parseSelect(s[0], t, x)
		return x, sel, err
	}
	return x, nil, nil
}

func (c *call) collection(res resource) {
	cq, err := parseCollectionQuery(c.query, res.typ)
	if err != nil {
		c.fail(err)
		return
	}
	x, sel, err := c.shape(res.typ)
	if err != nil {
		c.fail(err)
		return
	}
	p, err := cq.apply(res.list, c.h.pageSize)
	if err != nil {
		c.fail(err)
		return
	}
	var next string
	if p.next != "" {
		if c.v1 {
			c.fail(badRequest("The answer needs a next link, which OData V1 cannot carry: send MaxDataServiceVersion 2.0, or ask for at most %d entities with $top.", c.h.pageSize))
			return
		}
		next = nextLink(c.base+res.path, c.query, cq, p)
	}
	if err := checkSize(p.entities, x); err != nil {
		c.fail(err)
		return
	}
	var count *int
	if cq.inlinecount {
		count = &p.count
	}
	if c.json {
		c.writeData(c.jsonCollection(p.entities, x, sel, count, next))
		return
	}
	c.write(http.StatusOK, atomContentType, c.atomFeed(res.title, res.path, p.entities, count, next, x, sel))
}

func (c *call) entity(res resource) {
	x, sel, err := c.shape(res.typ)
	if err != nil {
		c.fail(err)
		return
	}
	if res.ent == nil {
		// A single-valued navigation property without a target (a movie's Series).
		c.write(http.StatusNoContent, "", nil)
		return
	}
	if err := checkSize([]*entity{res.ent}, x); err != nil {
		c.fail(err)
		return
	}
	if res.typ.media {
		c.w.Header().Set("ETag", entityTag(res.ent))
	}
	if c.json {
		c.writeData(c.jsonEntity(res.ent, x, sel))
		return
	}
	c.write(http.StatusOK, atomContentType, c.atomEntryDocument(res.ent, x, sel))
}

func (c *call) serviceDocument() {
	if err := unexpectedOptions(c.query, entityOptions); err != nil {
		c.fail(err)
		return
	}
	if c.json {
		c.writeData(jsonServiceDocument())
		return
	}
	contentType := xmlContentType
	if strings.Contains(c.r.Header.Get("Accept"), "application/atomsvc+xml") {
		// The AtomPub media type to a client that asks for it (the description lists both).
		contentType = "application/atomsvc+xml;charset=utf-8"
	}
	c.write(http.StatusOK, contentType, c.xmlServiceDocument())
}

// metadata answers $metadata, which has one representation, whatever $format says.
func (c *call) metadata() {
	c.json = false
	if err := unexpectedOptions(c.query, entityOptions); err != nil {
		c.fail(err)
		return
	}
	c.write(http.StatusOK, xmlContentType, metadataDocument)
}

// writeData answers {"d": d}, the envelope of every JSON answer but errors.
func (c *call) writeData(d any) { c.writeJSON(http.StatusOK, object{{"d", d}}) }

// writeJSON answers a JSON document, wrapped in the JSONP callback when there is one.
func (c *call) writeJSON(status int, doc object) {
	body := encodeJSON(doc)
	if c.callback != "" {
		body = slices.Concat([]byte(c.callback+"("), body, []byte(")"))
		c.write(status, "text/javascript;charset=utf-8", body)
		return
	}
	c.write(status, jsonContentType, body)
}

// write answers with the headers every answer carries: the OData version and the day the
// answer is as of.
func (c *call) write(status int, contentType string, body []byte) {
	h := c.w.Header()
	if c.v1 {
		h.Set("DataServiceVersion", "1.0;")
	} else {
		h.Set("DataServiceVersion", "2.0;")
	}
	h.Set(spec.ClockHeader, c.day.String())
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	c.w.WriteHeader(status)
	c.w.Write(body)
}
