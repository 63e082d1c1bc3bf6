package odata

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"time"
)

// OData V2 "verbose" JSON, as WCF Data Services wrote it: everything inside "d", entities
// with __metadata, navigation properties deferred unless expanded. Members keep the model's
// order, so answers are written by hand rather than from Go maps.

// member is one member of a JSON object.
type member struct {
	key string
	val any
}

// object is a JSON object whose members keep their order.
type object []member

// encodeJSON writes v, which is built of object, []any, string, int64, float64, bool,
// time.Time (an Edm.DateTime), guid and nil.
func encodeJSON(v any) []byte {
	var b bytes.Buffer
	writeJSON(&b, v)
	return b.Bytes()
}

func writeJSON(b *bytes.Buffer, v any) {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case object:
		b.WriteByte('{')
		for i, m := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(b, m.key)
			b.WriteByte(':')
			writeJSON(b, m.val)
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, e)
		}
		b.WriteByte(']')
	case string:
		writeJSONString(b, v)
	case guid:
		writeJSONString(b, string(v))
	case int64:
		b.WriteString(strconv.FormatInt(v, 10))
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			b.WriteString("null") // JSON has neither
			return
		}
		b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case time.Time:
		// "\/Date(ms)\/": the escaped slashes are how WCF marked a date inside a JSON string;
		// a JSON reader sees /Date(ms)/.
		b.WriteString(`"\/Date(` + strconv.FormatInt(v.UnixMilli(), 10) + `)\/"`)
	}
}

// writeJSONString writes s as a JSON string, leaving <, > and & as they are (the synopses are
// HTML, and WCF did not escape them).
func writeJSONString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)           // a string always encodes
	b.Truncate(b.Len() - 1) // Encode ends with a newline
}

// jsonEntity writes an entity with the expansions x and the selection s.
func (c *call) jsonEntity(e *entity, x expansion, s *selection) object {
	t := e.typ
	path := entityPath(e)
	md := object{{"uri", c.base + path}, {"type", t.qualified()}}
	if t.media {
		md = append(md, member{"etag", entityTag(e)}, member{"edit_media", c.base + path + "/$value"})
		if src, ok := mediaSource(e); ok {
			md = append(md, member{"media_src", src})
		}
		md = append(md, member{"content_type", "image/jpeg"}, member{"media_etag", mediaTag(e)})
	}
	o := object{{"__metadata", md}}
	for i := range t.props {
		p := &t.props[i]
		if s.includes(p.name) {
			o = append(o, member{p.name, jsonValue(p, e.props[p.name])})
		}
	}
	for _, nav := range t.navs {
		sub, expanded := x[nav.name]
		switch {
		case expanded:
			o = append(o, member{nav.name, c.jsonExpanded(nav, e.nav[nav.name], sub, s.sub(nav.name))})
		case s.includes(nav.name):
			o = append(o, member{nav.name, object{{"__deferred", object{{"uri", c.base + path + "/" + nav.name}}}}})
		}
	}
	return o
}

// jsonExpanded writes an expanded navigation property: the entity or null, or the collection
// ({"results": [...]} in V2, a bare array in V1).
func (c *call) jsonExpanded(nav navigation, targets []*entity, x expansion, s *selection) any {
	if !nav.many {
		if len(targets) == 0 {
			return nil
		}
		return c.jsonEntity(targets[0], x, s)
	}
	return c.jsonCollection(targets, x, s, nil, "")
}

// jsonCollection writes entities as a collection, with __count when count is given and
// __next when next is.
func (c *call) jsonCollection(es []*entity, x expansion, s *selection, count *int, next string) any {
	list := make([]any, 0, len(es))
	for _, e := range es {
		list = append(list, c.jsonEntity(e, x, s))
	}
	if c.v1 {
		return list
	}
	o := object{{"results", list}}
	if count != nil {
		o = append(o, member{"__count", strconv.Itoa(*count)})
	}
	if next != "" {
		o = append(o, member{"__next", next})
	}
	return o
}

// jsonValue writes a property's value; a complex value carries its type in __metadata.
func jsonValue(p *property, v any) any {
	r, ok := v.(record)
	if p.kind != kindComplex || !ok {
		return v
	}
	o := object{{"__metadata", object{{"type", p.complex.qualified()}}}}
	for i := range p.complex.props {
		m := &p.complex.props[i]
		o = append(o, member{m.name, jsonValue(m, r[m.name])})
	}
	return o
}

// jsonServiceDocument lists the entity sets.
func jsonServiceDocument() object {
	sets := make([]any, 0, len(entitySets))
	for _, t := range entitySets {
		sets = append(sets, t.set)
	}
	return object{{"EntitySets", sets}}
}
