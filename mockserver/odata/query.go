package odata

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The system query options this service knows. Any other option beginning with $ is refused,
// as WCF Data Services refused it; options without $ are the client's own and are ignored.
var systemOptions = []string{"$filter", "$orderby", "$top", "$skip", "$skiptoken", "$expand", "$select", "$inlinecount", "$format", "$callback"}

// collectionOptions apply only to a collection of entities, and entityOptions to entities:
// neither applies to a property or a document.
var (
	collectionOptions = []string{"$filter", "$orderby", "$top", "$skip", "$skiptoken", "$inlinecount"}
	entityOptions     = slices.Concat(collectionOptions, []string{"$expand", "$select"})
)

// v2Options need OData V2, which a request with MaxDataServiceVersion 1.0 does not accept.
var v2Options = []string{"$skiptoken", "$select", "$inlinecount"}

// maxExpandDepth bounds $expand paths (Genres/Titles/Genres/...), and maxAnswerEntities the
// entities of one answer, expanded ones included: expansions multiply, and an answer must not
// exhaust the mock's memory. The service's own limits are not recorded.
const (
	maxExpandDepth    = 4
	maxAnswerEntities = 10000
)

// callbackName is a JSONP function name (the description's pattern: a JavaScript name,
// dotted), so that $callback cannot inject script.
var callbackName = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$.]*$`)

// maxOptionLengths are the description's limits on the options' lengths. They also bound the
// work one request can ask for: a $filter is evaluated for every entity of a set.
var maxOptionLengths = map[string]int{
	"$filter": 2048, "$orderby": 1024, "$skiptoken": 1024, "$expand": 1024, "$select": 1024, "$callback": 256,
}

// checkOptions refuses unknown, repeated and overlong system query options, and drops the
// empty ones, which WCF Data Services ignored.
func checkOptions(q url.Values) *odataError {
	for name, vs := range q {
		if !strings.HasPrefix(name, "$") {
			continue
		}
		if !slices.Contains(systemOptions, name) {
			return badRequest("The query parameter '%s' begins with a system-reserved '$' character but is not recognized.", name)
		}
		if len(vs) > 1 {
			return badRequest("Query parameter '%s' is specified, but it should be specified exactly once.", name)
		}
		if limit, ok := maxOptionLengths[name]; ok && len(vs[0]) > limit {
			return badRequest("Query option %s is longer than %d characters.", name, limit)
		}
		if vs[0] == "" {
			delete(q, name)
		}
	}
	return nil
}

// readFormat reads $format, Accept and $callback: whether the answer is JSON, and the JSONP
// function to wrap it in.
func readFormat(q url.Values, accept string) (json bool, callback string, err *odataError) {
	switch f := q.Get("$format"); f {
	case "json":
		json = true
	case "atom", "xml":
	case "":
		json = strings.Contains(accept, "application/json") && !strings.Contains(accept, "application/atom+xml")
	default:
		return false, "", badRequest("Unsupported $format value '%s': use json, or leave it out for Atom.", f)
	}
	if cb := q.Get("$callback"); cb != "" {
		if len(cb) > maxOptionLengths["$callback"] || !callbackName.MatchString(cb) {
			return json, "", badRequest("Invalid $callback '%s': it must be a JavaScript function name.", cb)
		}
		callback = cb
	}
	return json, callback, nil
}

// expansion is a $expand tree: the navigation properties to expand, each with its own.
type expansion map[string]expansion

// parseExpand reads $expand for entities of type t.
func parseExpand(src string, t *entityType) (expansion, *odataError) {
	x := expansion{}
	for item := range strings.SplitSeq(src, ",") {
		names := strings.Split(strings.TrimSpace(item), "/")
		if len(names) > maxExpandDepth {
			return nil, badRequest("The $expand path '%s' is longer than %d navigation properties.", strings.TrimSpace(item), maxExpandDepth)
		}
		cur, typ := x, t
		for _, name := range names {
			nav, ok := typ.nav(name)
			if !ok {
				return nil, badRequest("'%s' in $expand is not a navigation property of type '%s'.", name, typ.qualified())
			}
			if cur[name] == nil {
				cur[name] = expansion{}
			}
			cur = cur[name]
			typ, _ = setByName(nav.target)
		}
	}
	return x, nil
}

// checkSize refuses an answer of more than maxAnswerEntities entities: es and their
// expansions x. The count stops at the limit, so that checking costs no more than writing.
func checkSize(es []*entity, x expansion) *odataError {
	budget := maxAnswerEntities
	var count func([]*entity, expansion) bool
	count = func(es []*entity, x expansion) bool {
		budget -= len(es)
		if budget < 0 {
			return false
		}
		for _, e := range es {
			for name, sub := range x {
				if !count(e.nav[name], sub) {
					return false
				}
			}
		}
		return true
	}
	if !count(es, x) {
		return badRequest("The answer would hold more than %d entities: expand less, or ask for fewer with $top.", maxAnswerEntities)
	}
	return nil
}

// selection is a $select tree for entities of one type; nil selects everything.
type selection struct {
	all   bool                  // *: every property
	names map[string]bool       // properties and navigation properties named
	navs  map[string]*selection // navigation properties selected into (Cast/Name, Genres/*)
}

// includes reports whether the property or navigation property name is selected.
func (s *selection) includes(name string) bool {
	return s == nil || s.all || s.names[name] || s.navs[name] != nil
}

// sub is the selection within the expanded navigation property name.
func (s *selection) sub(name string) *selection {
	if s == nil {
		return nil
	}
	return s.navs[name]
}

// parseSelect reads $select for entities of type t: a path through navigation properties must
// follow one that $expand names, and ends with a property, a navigation property or *.
func parseSelect(src string, t *entityType, x expansion) (*selection, *odataError) {
	root := &selection{names: map[string]bool{}, navs: map[string]*selection{}}
	for item := range strings.SplitSeq(src, ",") {
		path := strings.TrimSpace(item)
		names := strings.Split(path, "/")
		sel, typ, exp := root, t, x
		for i, name := range names {
			last := i == len(names)-1
			prop, isProp := typ.prop(name)
			nav, isNav := typ.nav(name)
			switch {
			case name == "*" && last:
				sel.all = true
			case isProp && last:
				sel.names[name] = true
			case isProp:
				return nil, badRequest("$select '%s': %s is of type %s, whose members cannot be selected.", path, name, prop.typeName())
			case isNav && last:
				sel.names[name] = true
			case isNav:
				if exp[name] == nil {
					return nil, badRequest("$select '%s': only navigation properties that $expand names can be selected into.", path)
				}
				if sel.navs[name] == nil {
					sel.navs[name] = &selection{names: map[string]bool{}, navs: map[string]*selection{}}
				}
				sel, exp = sel.navs[name], exp[name]
				typ, _ = setByName(nav.target)
			default:
				return nil, badRequest("$select '%s': '%s' is not a property of type '%s'.", path, name, typ.qualified())
			}
		}
	}
	return root, nil
}

// nonNegative reads $top or $skip.
func nonNegative(q url.Values, name string) (int, bool, *odataError) {
	s, ok := q[name]
	if !ok {
		return 0, false, nil
	}
	n, err := strconv.ParseInt(s[0], 10, 32)
	if err != nil || n < 0 {
		return 0, false, badRequest("Incorrect format for %s argument '%s': a non-negative integer is expected.", name, s[0])
	}
	return int(n), true, nil
}

// collectionQuery is what the query options ask of a collection.
type collectionQuery struct {
	filter      *expr
	orderby     []orderTerm
	top         int
	hasTop      bool
	skip        int
	skiptoken   []any
	inlinecount bool
}

// parseCollectionQuery reads the options that shape a collection of entities of type t.
func parseCollectionQuery(q url.Values, t *entityType) (collectionQuery, *odataError) {
	var cq collectionQuery
	if s, ok := q["$filter"]; ok {
		e, err := parseFilter(s[0], t)
		if err != nil {
			return cq, badRequest("$filter: %v.", err)
		}
		cq.filter = e
	}
	if s, ok := q["$orderby"]; ok {
		terms, err := parseOrderBy(s[0], t)
		if err != nil {
			return cq, badRequest("$orderby: %v.", err)
		}
		cq.orderby = terms
	}
	var err *odataError
	if cq.top, cq.hasTop, err = nonNegative(q, "$top"); err != nil {
		return cq, err
	}
	if cq.skip, _, err = nonNegative(q, "$skip"); err != nil {
		return cq, err
	}
	if s, ok := q["$skiptoken"]; ok {
		vals, perr := parseLiterals(s[0])
		if perr != nil || len(vals) != len(cq.orderby)+len(t.key) {
			return cq, badRequest("Invalid $skiptoken '%s': copy it from a next link.", s[0])
		}
		cq.skiptoken = vals
	}
	switch ic := q.Get("$inlinecount"); ic {
	case "allpages":
		cq.inlinecount = true
	case "", "none":
	default:
		return cq, badRequest("Unknown $inlinecount option '%s', only \"allpages\" and \"none\" are supported.", ic)
	}
	return cq, nil
}

// page is one answer's part of a collection.
type page struct {
	entities []*entity
	count    int    // the matching entities before $skip and $top, for $inlinecount
	next     string // the $skiptoken of the next page, "" on the last one
	// remaining is what is left of $top after this page, for the next link.
	remaining int
}

// apply filters, orders and pages a collection. The order is $orderby's, and the
// collection's own order among equals: key order for an entity set, the fixtures' order for a
// navigation property (a cast in billing order). A $skiptoken holds, as WCF Data Services
// wrote it, the $orderby values and the key of the previous page's last entity; the page
// starts after that entity.
func (cq collectionQuery) apply(list []*entity, pageSize int) (page, *odataError) {
	var out []*entity
	for _, e := range list {
		if cq.filter == nil || cq.filter.eval(e) == true {
			out = append(out, e)
		}
	}
	p := page{count: len(out)}
	if len(cq.orderby) > 0 {
		values := make(map[*entity][]any, len(out))
		for _, e := range out {
			for _, t := range cq.orderby {
				values[e] = append(values[e], t.e.eval(e))
			}
		}
		slices.SortStableFunc(out, func(a, b *entity) int {
			for i, t := range cq.orderby {
				c := compareValues(values[a][i], values[b][i])
				if t.desc {
					c = -c
				}
				if c != 0 {
					return c
				}
			}
			return 0
		})
	}
	if cq.skiptoken != nil {
		key := cq.skiptoken[len(cq.orderby):]
		i := slices.IndexFunc(out, func(e *entity) bool {
			for j, name := range e.typ.key {
				if compareValues(e.props[name], key[j]) != 0 {
					return false
				}
			}
			return true
		})
		if i < 0 {
			return p, badRequest("The $skiptoken names no entity of the collection: copy it from a next link of the same day.")
		}
		out = out[i+1:]
	}
	out = out[min(cq.skip, len(out)):]
	if cq.hasTop {
		out = out[:min(cq.top, len(out))]
	}
	if len(out) > pageSize {
		out = out[:pageSize]
		last := out[len(out)-1]
		var token []string
		for _, t := range cq.orderby {
			token = append(token, formatLiteral(t.e.eval(last)))
		}
		for _, name := range last.typ.key {
			token = append(token, formatLiteral(last.props[name]))
		}
		p.next = strings.Join(token, ",")
		if cq.hasTop {
			p.remaining = cq.top - pageSize
		}
	}
	p.entities = out
	return p, nil
}

// nextLink is the address of the page after p: the request's own options with the new
// $skiptoken, without $skip (the token is past it) and with $top reduced by what was served.
func nextLink(address string, q url.Values, cq collectionQuery, p page) string {
	n := url.Values{}
	for k, v := range q {
		n[k] = v
	}
	n.Del("$skip")
	n.Set("$skiptoken", p.next)
	if cq.hasTop {
		n.Set("$top", strconv.Itoa(p.remaining))
	}
	return address + "?" + queryUnescaper.Replace(n.Encode())
}

// queryUnescaper undoes the escapes of url.Values.Encode that a query does not need, so that a
// next link reads as WCF wrote it ($skiptoken='Adventures'); a space becomes %20, which every
// OData reader decodes, where + would be a plus to some.
var queryUnescaper = strings.NewReplacer("%24", "$", "%27", "'", "%28", "(", "%29", ")", "%2C", ",", "%2F", "/", "%3A", ":", "+", "%20")

// unexpectedOptions refuses options that do not apply to what the path addresses.
func unexpectedOptions(q url.Values, names []string) *odataError {
	for _, name := range names {
		if _, ok := q[name]; ok {
			return badRequest("Query option %s cannot be applied to the requested resource.", name)
		}
	}
	return nil
}
