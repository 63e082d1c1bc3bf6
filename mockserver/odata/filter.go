package odata

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// The expression language of $filter and $orderby: the OData V2 subset that the catalog's
// types use. Operators, by falling precedence: not and negation; mul, div, mod; add, sub; lt,
// le, gt, ge; eq, ne; and; or. Operands are literals, property paths (through complex
// properties and single-valued navigation properties) and the V2 string, date and math
// functions in the table below. Every expression is typed when it is parsed, so that a
// comparison of a string with a number is a 400, as with WCF Data Services, whatever the data.

// vtype is the static type of an expression. Edm.Int32 and Edm.Int64 are both vInt; Edm.Double,
// Edm.Single and Edm.Decimal are all vFloat.
type vtype uint8

const (
	vNull vtype = iota // the null literal
	vString
	vInt
	vFloat
	vBool
	vDateTime
	vGuid
)

var vtypeNames = map[vtype]string{
	vNull: "null", vString: "Edm.String", vInt: "Edm.Int32", vFloat: "Edm.Double",
	vBool: "Edm.Boolean", vDateTime: "Edm.DateTime", vGuid: "Edm.Guid",
}

func (t vtype) String() string { return vtypeNames[t] }

func (t vtype) numeric() bool { return t == vInt || t == vFloat }

// kindTypes gives the static type of each primitive property kind.
var kindTypes = map[kind]vtype{
	kindString: vString, kindInt32: vInt, kindDouble: vFloat, kindBoolean: vBool,
	kindDateTime: vDateTime, kindGuid: vGuid,
}

// typeOf is the static type of a literal's value.
func typeOf(v any) vtype {
	switch v.(type) {
	case string:
		return vString
	case int64:
		return vInt
	case float64:
		return vFloat
	case bool:
		return vBool
	case time.Time:
		return vDateTime
	case guid:
		return vGuid
	}
	return vNull
}

// expr is a typed expression.
type expr struct {
	op   string // lit, path, not, neg, call, or a binary operator (and, eq, add, ...)
	typ  vtype
	val  any        // lit
	path []pathStep // path
	fn   *function
	args []*expr
}

// pathStep is one name of a property path.
type pathStep struct {
	name string
	nav  bool
}

// maxDepth bounds the nesting of an expression, so that no $filter can exhaust the stack.
const maxDepth = 100

// levels are the binary operators by rising precedence.
var levels = [][]string{{"or"}, {"and"}, {"eq", "ne"}, {"lt", "le", "gt", "ge"}, {"add", "sub"}, {"mul", "div", "mod"}}

type parser struct {
	lex   lexer
	tok   token // the next token
	typ   *entityType
	depth int
}

func newParser(src string, t *entityType) (*parser, error) {
	p := &parser{lex: lexer{src: src}, typ: t}
	return p, p.advance()
}

func (p *parser) advance() error {
	t, err := p.lex.next()
	if err != nil {
		return err
	}
	p.tok = t
	return nil
}

func (p *parser) unexpected() error {
	if p.tok.kind == tokEOF {
		return fmt.Errorf("syntax error at position %d: the expression ends too early", p.tok.pos)
	}
	return fmt.Errorf("syntax error at position %d", p.tok.pos)
}

// parseFilter reads a $filter for entities of type t: an Edm.Boolean expression.
func parseFilter(src string, t *entityType) (*expr, error) {
	p, err := newParser(src, t)
	if err != nil {
		return nil, err
	}
	e, err := p.binary(0)
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tokEOF {
		return nil, p.unexpected()
	}
	if e.typ != vBool {
		return nil, fmt.Errorf("the $filter expression is of type %s, not Edm.Boolean", e.typ)
	}
	return e, nil
}

// orderTerm is one key of $orderby.
type orderTerm struct {
	e    *expr
	desc bool
}

// parseOrderBy reads a $orderby for entities of type t: expressions, each optionally followed
// by asc or desc, separated by commas.
func parseOrderBy(src string, t *entityType) ([]orderTerm, error) {
	p, err := newParser(src, t)
	if err != nil {
		return nil, err
	}
	var terms []orderTerm
	for {
		e, err := p.binary(0)
		if err != nil {
			return nil, err
		}
		term := orderTerm{e: e}
		if p.tok.kind == tokName && (p.tok.text == "asc" || p.tok.text == "desc") {
			term.desc = p.tok.text == "desc"
			if err := p.advance(); err != nil {
				return nil, err
			}
		}
		terms = append(terms, term)
		switch p.tok.kind {
		case tokEOF:
			return terms, nil
		case tokComma:
			if err := p.advance(); err != nil {
				return nil, err
			}
		default:
			return nil, p.unexpected()
		}
	}
}

func (p *parser) binary(level int) (*expr, error) {
	if level == len(levels) {
		return p.unary()
	}
	left, err := p.binary(level + 1)
	if err != nil {
		return nil, err
	}
	for p.tok.kind == tokName && slices.Contains(levels[level], p.tok.text) {
		op, pos := p.tok.text, p.tok.pos
		if err := p.advance(); err != nil {
			return nil, err
		}
		right, err := p.binary(level + 1)
		if err != nil {
			return nil, err
		}
		if left, err = combine(op, left, right, pos); err != nil {
			return nil, err
		}
	}
	return left, nil
}

// combine types a binary operation.
func combine(op string, l, r *expr, pos int) (*expr, error) {
	e := &expr{op: op, args: []*expr{l, r}}
	mismatch := func() (*expr, error) {
		return nil, fmt.Errorf("operator '%s' at position %d is not defined for %s and %s", op, pos, l.typ, r.typ)
	}
	switch op {
	case "and", "or":
		if l.typ != vBool && l.typ != vNull || r.typ != vBool && r.typ != vNull {
			return mismatch()
		}
		e.typ = vBool
	case "eq", "ne", "lt", "le", "gt", "ge":
		relational := op != "eq" && op != "ne"
		switch {
		case l.typ == vNull || r.typ == vNull:
		case l.typ.numeric() && r.typ.numeric():
		case l.typ != r.typ, relational && (l.typ == vBool || l.typ == vGuid):
			return mismatch()
		}
		e.typ = vBool
	default: // add, sub, mul, div, mod
		if !(l.typ.numeric() || l.typ == vNull) || !(r.typ.numeric() || r.typ == vNull) || l.typ == vNull && r.typ == vNull {
			return mismatch()
		}
		e.typ = vInt
		if l.typ == vFloat || r.typ == vFloat {
			e.typ = vFloat
		}
	}
	return e, nil
}

func (p *parser) unary() (*expr, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		return nil, fmt.Errorf("the expression is nested deeper than %d levels at position %d", maxDepth, p.tok.pos)
	}
	switch {
	case p.tok.kind == tokName && p.tok.text == "not":
		pos := p.tok.pos
		if err := p.advance(); err != nil {
			return nil, err
		}
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		if x.typ != vBool && x.typ != vNull {
			return nil, fmt.Errorf("operator 'not' at position %d is not defined for %s", pos, x.typ)
		}
		return &expr{op: "not", typ: vBool, args: []*expr{x}}, nil
	case p.tok.kind == tokMinus:
		pos := p.tok.pos
		if err := p.advance(); err != nil {
			return nil, err
		}
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		if !x.typ.numeric() {
			return nil, fmt.Errorf("operator '-' at position %d is not defined for %s", pos, x.typ)
		}
		return &expr{op: "neg", typ: x.typ, args: []*expr{x}}, nil
	}
	return p.primary()
}

func (p *parser) primary() (*expr, error) {
	t := p.tok
	switch t.kind {
	case tokOpen:
		if err := p.advance(); err != nil {
			return nil, err
		}
		e, err := p.binary(0)
		if err != nil {
			return nil, err
		}
		if p.tok.kind != tokClose {
			return nil, p.unexpected()
		}
		return e, p.advance()
	case tokLiteral:
		return &expr{op: "lit", typ: typeOf(t.val), val: t.val}, p.advance()
	case tokName:
		if v, ok := literalName(t.text); ok {
			return &expr{op: "lit", typ: typeOf(v), val: v}, p.advance()
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
		if p.tok.kind == tokOpen {
			return p.call(t)
		}
		return p.path(t)
	}
	return nil, p.unexpected()
}

// path reads a property path whose first name has been read.
func (p *parser) path(first token) (*expr, error) {
	e := &expr{op: "path"}
	et, ct := p.typ, (*complexType)(nil)
	name, pos := first.text, first.pos
	for {
		switch prop, nav := lookupMember(et, ct, name); {
		case prop != nil && prop.kind == kindComplex:
			e.path = append(e.path, pathStep{name: name})
			et, ct = nil, prop.complex
		case prop != nil:
			e.path = append(e.path, pathStep{name: name})
			if p.tok.kind == tokSlash {
				return nil, fmt.Errorf("property '%s' at position %d is of type %s, which has no members", name, pos, prop.typeName())
			}
			e.typ = kindTypes[prop.kind]
			return e, nil
		case nav != nil && nav.many:
			return nil, fmt.Errorf("navigation property '%s' at position %d is a collection, which an OData V2 expression cannot use", name, pos)
		case nav != nil:
			e.path = append(e.path, pathStep{name: name, nav: true})
			et, _ = setByName(nav.target)
		case ct != nil:
			return nil, fmt.Errorf("no property '%s' exists in type '%s' at position %d", name, ct.qualified(), pos)
		default:
			return nil, fmt.Errorf("no property '%s' exists in type '%s' at position %d", name, et.qualified(), pos)
		}
		if p.tok.kind != tokSlash {
			return nil, fmt.Errorf("property '%s' at position %d is not of a primitive type", name, pos)
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
		if p.tok.kind != tokName {
			return nil, p.unexpected()
		}
		name, pos = p.tok.text, p.tok.pos
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
}

// lookupMember finds a name among the properties of an entity type (et) or of a complex type.
func lookupMember(et *entityType, ct *complexType, name string) (*property, *navigation) {
	if ct != nil {
		prop, _ := ct.prop(name)
		return prop, nil
	}
	if prop, ok := et.prop(name); ok {
		return prop, nil
	}
	nav, _ := et.nav(name)
	return nil, nav
}

// call reads a function call whose name has been read; the next token is its parenthesis.
func (p *parser) call(name token) (*expr, error) {
	fn, ok := functions[name.text]
	if !ok {
		return nil, fmt.Errorf("unknown function '%s' at position %d", name.text, name.pos)
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	var args []*expr
	for p.tok.kind != tokClose {
		if len(args) > 0 {
			if p.tok.kind != tokComma {
				return nil, p.unexpected()
			}
			if err := p.advance(); err != nil {
				return nil, err
			}
		}
		a, err := p.binary(0)
		if err != nil {
			return nil, err
		}
		args = append(args, a)
	}
	if len(args) < fn.minArgs || len(args) > len(fn.params) {
		return nil, fmt.Errorf("function '%s' at position %d takes %d to %d arguments, not %d", name.text, name.pos, fn.minArgs, len(fn.params), len(args))
	}
	for i, a := range args {
		want := fn.params[i]
		if a.typ != want && a.typ != vNull && !(want == vFloat && a.typ == vInt) {
			return nil, fmt.Errorf("argument %d of function '%s' at position %d is of type %s, not %s", i+1, name.text, name.pos, a.typ, want)
		}
	}
	return &expr{op: "call", typ: fn.result, fn: &fn, args: args}, p.advance()
}

// function is a canonical function of OData V2. call receives arguments that are not null (a
// null argument makes the result null) and of the parameters' types; a vFloat parameter also
// takes a vInt argument.
type function struct {
	params  []vtype
	minArgs int
	result  vtype
	call    func(args []any) any
}

var functions = map[string]function{
	"substringof": {params: []vtype{vString, vString}, minArgs: 2, result: vBool, call: func(a []any) any {
		return strings.Contains(a[1].(string), a[0].(string))
	}},
	"startswith": {params: []vtype{vString, vString}, minArgs: 2, result: vBool, call: func(a []any) any {
		return strings.HasPrefix(a[0].(string), a[1].(string))
	}},
	"endswith": {params: []vtype{vString, vString}, minArgs: 2, result: vBool, call: func(a []any) any {
		return strings.HasSuffix(a[0].(string), a[1].(string))
	}},
	"indexof": {params: []vtype{vString, vString}, minArgs: 2, result: vInt, call: func(a []any) any {
		s := a[0].(string)
		i := strings.Index(s, a[1].(string))
		if i < 0 {
			return int64(-1)
		}
		return int64(utf8.RuneCountInString(s[:i]))
	}},
	"length": {params: []vtype{vString}, minArgs: 1, result: vInt, call: func(a []any) any {
		return int64(utf8.RuneCountInString(a[0].(string)))
	}},
	"substring": {params: []vtype{vString, vInt, vInt}, minArgs: 2, result: vString, call: substring},
	"tolower":   {params: []vtype{vString}, minArgs: 1, result: vString, call: stringFunc(strings.ToLower)},
	"toupper":   {params: []vtype{vString}, minArgs: 1, result: vString, call: stringFunc(strings.ToUpper)},
	"trim":      {params: []vtype{vString}, minArgs: 1, result: vString, call: stringFunc(strings.TrimSpace)},
	"concat": {params: []vtype{vString, vString}, minArgs: 2, result: vString, call: func(a []any) any {
		return a[0].(string) + a[1].(string)
	}},
	"year":    dateFunc(func(t time.Time) int { return t.Year() }),
	"month":   dateFunc(func(t time.Time) int { return int(t.Month()) }),
	"day":     dateFunc(func(t time.Time) int { return t.Day() }),
	"hour":    dateFunc(func(t time.Time) int { return t.Hour() }),
	"minute":  dateFunc(func(t time.Time) int { return t.Minute() }),
	"second":  dateFunc(func(t time.Time) int { return t.Second() }),
	"round":   mathFunc(math.RoundToEven), // .NET's Math.Round rounds half to even
	"floor":   mathFunc(math.Floor),
	"ceiling": mathFunc(math.Ceil),
}

func stringFunc(f func(string) string) func([]any) any {
	return func(a []any) any { return f(a[0].(string)) }
}

func dateFunc(f func(time.Time) int) function {
	return function{params: []vtype{vDateTime}, minArgs: 1, result: vInt, call: func(a []any) any {
		return int64(f(a[0].(time.Time)))
	}}
}

func mathFunc(f func(float64) float64) function {
	return function{params: []vtype{vFloat}, minArgs: 1, result: vFloat, call: func(a []any) any {
		return f(toFloat(a[0]))
	}}
}

// substring is substring(s, start) and substring(s, start, length), counted in characters;
// where .NET would throw for a range outside the string, the result is null.
func substring(a []any) any {
	r := []rune(a[0].(string))
	start := a[1].(int64)
	if start < 0 || start > int64(len(r)) {
		return nil
	}
	end := int64(len(r))
	if len(a) == 3 {
		n := a[2].(int64)
		if n < 0 || n > end-start {
			return nil
		}
		end = start + n
	}
	return string(r[start:end])
}
