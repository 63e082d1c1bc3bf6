package odata

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"
	"time"
)

// segment is one segment of a resource path: a name with an optional key predicate, as in
// Titles('zq18k').
type segment struct {
	raw     string
	name    string
	pred    string // the text between the parentheses
	hasPred bool
}

// splitSegments cuts the path below the service root into segments; each is unescaped on its
// own, so that an escaped slash inside a key stays in its segment.
func splitSegments(escaped string) ([]segment, *odataError) {
	escaped = strings.TrimPrefix(escaped, "/")
	escaped = strings.TrimSuffix(escaped, "/")
	if escaped == "" {
		return nil, nil
	}
	var segs []segment
	for part := range strings.SplitSeq(escaped, "/") {
		raw, err := url.PathUnescape(part)
		if err != nil {
			return nil, badRequest("The request URI is not valid: %v.", err)
		}
		s := segment{raw: raw, name: raw}
		if i := strings.IndexByte(raw, '('); i >= 0 {
			if !strings.HasSuffix(raw, ")") {
				return nil, badRequest("Bad Request - Error in query syntax: segment '%s' opens a key predicate it does not close.", raw)
			}
			s.name, s.pred, s.hasPred = raw[:i], raw[i+1:len(raw)-1], true
		}
		segs = append(segs, s)
	}
	return segs, nil
}

// resourceKind is what a path addresses.
type resourceKind uint8

const (
	resCollection resourceKind = iota
	resEntity                  // ent is nil for a single-valued navigation property with no target
	resProperty
	resValue // the raw value of a primitive property
	resMedia // the media resource (box art) of a title
)

// resource is what a path resolved to.
type resource struct {
	kind  resourceKind
	typ   *entityType // the entities' type
	list  []*entity
	ent   *entity
	path  string // below the service root, escaped: Titles('zq18k')/Genres
	title string // a collection's feed title
	prop  *property
	val   any
}

// resolve follows the segments from the service root.
func (c *call) resolve(segs []segment) (resource, *odataError) {
	first := segs[0]
	var res resource
	if t, ok := setByName(first.name); ok {
		res = resource{kind: resCollection, typ: t, list: c.view.sets[t.set], path: t.set, title: t.set}
		if first.pred != "" {
			key, err := parseKey(t, first.pred)
			if err != nil {
				return res, err
			}
			e := c.view.keys[t.set][key]
			if e == nil {
				return res, notFound(first.name)
			}
			res = resource{kind: resEntity, typ: t, ent: e, path: entityPath(e)}
		}
	} else if typ, ok := serviceOperations[first.name]; ok && first.pred == "" {
		var list []*entity
		for _, e := range c.view.sets[titleType.set] {
			if e.props["Type"] == typ {
				list = append(list, e)
			}
		}
		res = resource{kind: resCollection, typ: titleType, list: list, path: first.name, title: first.name}
	} else {
		return res, notFound(first.raw)
	}
	prev := first
	for _, s := range segs[1:] {
		var err *odataError
		if res, err = step(res, prev, s); err != nil {
			return res, err
		}
		prev = s
	}
	return res, nil
}

// step follows one segment s from res, which segment prev addressed.
func step(res resource, prev, s segment) (resource, *odataError) {
	value := s.name == "$value" && !s.hasPred
	switch res.kind {
	case resCollection:
		return res, badRequest("The request URI is not valid. Since the segment '%s' refers to a collection, this must be the last segment in the request URI.", prev.name)
	case resValue, resMedia:
		return res, badRequest("The request URI is not valid. The segment '$value' must be the last segment in the request URI.")
	case resProperty:
		if value {
			if res.prop.kind == kindComplex {
				// A complex value has no raw form: the path names no primitive property.
				return res, notFound(s.raw)
			}
			return resource{kind: resValue, prop: res.prop, val: res.val}, nil
		}
		if r, ok := res.val.(record); ok && !s.hasPred {
			if m, ok := res.prop.complex.prop(s.name); ok {
				return resource{kind: resProperty, prop: m, val: r[m.name]}, nil
			}
		}
		return res, notFound(s.raw)
	}
	e := res.ent
	if e == nil {
		return res, notFound(prev.raw)
	}
	if value {
		if !e.typ.media {
			return res, badRequest("The segment '$value' is valid only for media resources; type '%s' has none.", e.typ.qualified())
		}
		return resource{kind: resMedia, ent: e}, nil
	}
	if nav, ok := e.typ.nav(s.name); ok {
		target, _ := setByName(nav.target)
		path := entityPath(e) + "/" + nav.name
		targets := e.nav[nav.name]
		switch {
		case !nav.many && s.hasPred:
			return res, badRequest("Bad Request - Error in query syntax: '%s' is a single entity and takes no key.", nav.name)
		case !nav.many:
			var t *entity
			if len(targets) > 0 {
				t = targets[0]
			}
			return resource{kind: resEntity, typ: target, ent: t, path: path}, nil
		case s.pred != "":
			key, err := parseKey(target, s.pred)
			if err != nil {
				return res, err
			}
			for _, t := range targets {
				if keyPredicate(t) == key {
					return resource{kind: resEntity, typ: target, ent: t, path: entityPath(t)}, nil
				}
			}
			return res, notFound(s.name)
		}
		return resource{kind: resCollection, typ: target, list: targets, path: path, title: nav.name}, nil
	}
	if p, ok := e.typ.prop(s.name); ok && !s.hasPred {
		return resource{kind: resProperty, prop: p, val: e.props[p.name]}, nil
	}
	return res, notFound(s.raw)
}

// parseKey reads a key predicate of type t, a lone literal or Name=literal pairs in any order,
// into the form keyPredicate writes.
func parseKey(t *entityType, pred string) (string, *odataError) {
	syntax := func(why string) (string, *odataError) {
		return "", badRequest("Bad Request - Error in query syntax: key (%s) of type '%s': %s.", pred, t.qualified(), why)
	}
	l := &lexer{src: pred}
	values := map[string]any{}
	for {
		tok, err := l.next()
		if err != nil {
			return syntax(err.Error())
		}
		var name string
		switch {
		case tok.kind == tokName:
			name = tok.text
			if eq, err := l.next(); err != nil || eq.kind != tokEquals {
				return syntax("'=' expected after " + name)
			}
			if tok, err = l.next(); err != nil {
				return syntax(err.Error())
			}
		case len(t.key) == 1 && len(values) == 0:
			name = t.key[0]
		default:
			return syntax("Name=literal expected")
		}
		if tok.kind != tokLiteral {
			return syntax("a literal expected")
		}
		p, ok := t.prop(name)
		if !ok || !slices.Contains(t.key, name) {
			return syntax(fmt.Sprintf("'%s' is not a key property", name))
		}
		if _, dup := values[name]; dup {
			return syntax(fmt.Sprintf("'%s' is given twice", name))
		}
		v, ok := keyValue(p, tok.val)
		if !ok {
			return syntax(fmt.Sprintf("'%s' is of type %s", name, p.typeName()))
		}
		values[name] = v
		if tok, err = l.next(); err != nil {
			return syntax(err.Error())
		}
		if tok.kind == tokEOF {
			break
		}
		if tok.kind != tokComma {
			return syntax("',' expected")
		}
	}
	if len(values) != len(t.key) {
		return syntax(fmt.Sprintf("the key has %d parts", len(t.key)))
	}
	return formatKey(t, func(name string) any { return values[name] }), nil
}

// keyValue checks a literal against a key property's type.
func keyValue(p *property, v any) (any, bool) {
	switch p.kind {
	case kindString:
		s, ok := v.(string)
		return s, ok
	case kindInt32:
		n, ok := v.(int64)
		return n, ok && n >= math.MinInt32 && n <= math.MaxInt32
	case kindGuid:
		g, ok := v.(guid)
		return g, ok
	}
	return nil, false
}

// entityPath is an entity's address below the service root: Genres('Music%20%26%20Musicals').
func entityPath(e *entity) string {
	return e.typ.set + "(" + escapeKey(keyPredicate(e)) + ")"
}

// escapeKey percent-encodes a key predicate for a URI, keeping its quotes, commas and equals
// signs readable. Parentheses, ampersands and plus signs are encoded, so that no client
// mistakes them for syntax, and so are colons: an Atom href is relative, and a colon in its
// first segment would read as a scheme.
func escapeKey(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isNamePart(c) || strings.IndexByte("-._~'=,", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// entityTag is a Title's concurrency token, from DateModified (ConcurrencyMode Fixed), in the
// 2010 entry's form: W/"datetime'2010-04-21T17%3A32%3A55'".
func entityTag(e *entity) string {
	m, _ := e.props["DateModified"].(time.Time)
	return `W/"datetime'` + strings.ReplaceAll(m.UTC().Format("2006-01-02T15:04:05"), ":", "%3A") + `'"`
}

// mediaTag is a Title's media etag, in the 2010 entry's form: "4/21/2010 5:32:55 PM".
func mediaTag(e *entity) string {
	m, _ := e.props["DateModified"].(time.Time)
	return `"` + m.UTC().Format("1/2/2006 3:04:05 PM") + `"`
}

// mediaSource is the address of a Title's media resource, its large box shot.
func mediaSource(e *entity) (string, bool) {
	art, _ := e.props["BoxArt"].(record)
	src, ok := art["LargeUrl"].(string)
	return src, ok
}
