package odata

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// The lexer reads the OData V2 URI expression syntax shared by $filter, $orderby, key
// predicates and $skiptoken: names, literals and punctuation. Positions in errors count bytes
// from 0, as WCF Data Services counted them.

type tokenKind uint8

const (
	tokEOF tokenKind = iota
	tokName
	tokLiteral // string, number, datetime'...' or guid'...'; true, false and null are names
	tokOpen
	tokClose
	tokComma
	tokSlash
	tokEquals
	tokMinus
)

type token struct {
	kind tokenKind
	text string // a name's spelling
	val  any    // a literal's value: string, int64, float64, time.Time or guid
	pos  int
}

var punctuation = map[byte]tokenKind{'(': tokOpen, ')': tokClose, ',': tokComma, '/': tokSlash, '=': tokEquals}

type lexer struct {
	src string
	pos int
}

// next reads one token.
func (l *lexer) next() (token, error) {
	for l.pos < len(l.src) && strings.IndexByte(" \t\r\n", l.src[l.pos]) >= 0 {
		l.pos++
	}
	start := l.pos
	if l.pos == len(l.src) {
		return token{kind: tokEOF, pos: start}, nil
	}
	c := l.src[l.pos]
	switch {
	case punctuation[c] != 0:
		l.pos++
		return token{kind: punctuation[c], pos: start}, nil
	case c == '\'':
		s, err := l.quoted()
		return token{kind: tokLiteral, val: s, pos: start}, err
	case c == '-' && l.pos+1 < len(l.src) && isDigit(l.src[l.pos+1]):
		l.pos++
		return l.number(start)
	case c == '-':
		l.pos++
		return token{kind: tokMinus, pos: start}, nil
	case isDigit(c):
		return l.number(start)
	case isNameStart(c):
		for l.pos < len(l.src) && isNamePart(l.src[l.pos]) {
			l.pos++
		}
		name := l.src[start:l.pos]
		if l.pos < len(l.src) && l.src[l.pos] == '\'' {
			return l.typedLiteral(name, start)
		}
		return token{kind: tokName, text: name, pos: start}, nil
	}
	return token{}, fmt.Errorf("syntax error at position %d: unexpected character %q", start, rune(c))
}

// quoted reads a string literal; a quote inside it is doubled.
func (l *lexer) quoted() (string, error) {
	start := l.pos
	l.pos++ // the opening quote
	var b strings.Builder
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		l.pos++
		if c != '\'' {
			b.WriteByte(c)
			continue
		}
		if l.pos < len(l.src) && l.src[l.pos] == '\'' {
			b.WriteByte('\'')
			l.pos++
			continue
		}
		return b.String(), nil
	}
	return "", fmt.Errorf("syntax error at position %d: unterminated string literal", start)
}

// number reads an integer or a real literal, with the suffixes of OData V2: L (Edm.Int64),
// M (Edm.Decimal), D and F (Edm.Double, Edm.Single). Decimals and singles are read as doubles.
func (l *lexer) number(start int) (token, error) {
	digits := func() int {
		n := 0
		for l.pos < len(l.src) && isDigit(l.src[l.pos]) {
			l.pos++
			n++
		}
		return n
	}
	digits()
	isReal := false
	if l.pos < len(l.src) && l.src[l.pos] == '.' {
		l.pos++
		if digits() == 0 {
			return token{}, fmt.Errorf("syntax error at position %d: digits expected after the decimal point", l.pos)
		}
		isReal = true
	}
	if l.pos < len(l.src) && (l.src[l.pos] == 'e' || l.src[l.pos] == 'E') {
		l.pos++
		if l.pos < len(l.src) && (l.src[l.pos] == '+' || l.src[l.pos] == '-') {
			l.pos++
		}
		if digits() == 0 {
			return token{}, fmt.Errorf("syntax error at position %d: digits expected in the exponent", l.pos)
		}
		isReal = true
	}
	text := l.src[start:l.pos]
	suffix := byte(0)
	if l.pos < len(l.src) && strings.IndexByte("LlMmDdFf", l.src[l.pos]) >= 0 {
		suffix = l.src[l.pos] | 0x20 // lower case
		l.pos++
	}
	if l.pos < len(l.src) && isNamePart(l.src[l.pos]) {
		return token{}, fmt.Errorf("syntax error at position %d: malformed number", start)
	}
	if !isReal && (suffix == 0 || suffix == 'l') {
		if n, err := strconv.ParseInt(text, 10, 64); err == nil {
			return token{kind: tokLiteral, val: n, pos: start}, nil
		}
		if suffix == 'l' {
			return token{}, fmt.Errorf("syntax error at position %d: %s does not fit an Edm.Int64", start, text)
		}
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil && !math.IsInf(f, 0) {
		return token{}, fmt.Errorf("syntax error at position %d: malformed number %s", start, text)
	}
	return token{kind: tokLiteral, val: f, pos: start}, nil
}

// dateTimeLayouts are the forms of a datetime'...' literal (OData V2: seconds and fractions
// optional, no zone; a trailing Z is accepted as UTC).
var dateTimeLayouts = []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02T15:04:05.9999999"}

// typedLiteral reads prefix'...': datetime and guid; the other typed literals of OData V2
// (binary, time, datetimeoffset) name no property type of this model.
func (l *lexer) typedLiteral(prefix string, start int) (token, error) {
	s, err := l.quoted()
	if err != nil {
		return token{}, err
	}
	switch prefix {
	case "datetime":
		text := strings.TrimSuffix(s, "Z")
		for _, layout := range dateTimeLayouts {
			if t, err := time.Parse(layout, text); err == nil {
				return token{kind: tokLiteral, val: t, pos: start}, nil
			}
		}
		return token{}, fmt.Errorf("syntax error at position %d: %q is not a datetime (want yyyy-mm-ddThh:mm[:ss[.fffffff]])", start, s)
	case "guid":
		if !isGUID(s) {
			return token{}, fmt.Errorf("syntax error at position %d: %q is not a guid", start, s)
		}
		return token{kind: tokLiteral, val: guid(strings.ToLower(s)), pos: start}, nil
	}
	return token{}, fmt.Errorf("syntax error at position %d: unsupported literal %s'...'", start, prefix)
}

func isGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if s[i] != '-' {
				return false
			}
		} else if !strings.ContainsRune("0123456789abcdefABCDEF", rune(s[i])) {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool     { return '0' <= c && c <= '9' }
func isNameStart(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' || c == '_' }
func isNamePart(c byte) bool  { return isNameStart(c) || isDigit(c) }

// formatLiteral writes a value as an OData V2 URI literal, as key predicates and $skiptoken
// carry it; the lexer reads it back to the same value.
func formatLiteral(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return "'" + strings.ReplaceAll(v, "'", "''") + "'"
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		switch {
		case math.IsNaN(v):
			return "NaN"
		case math.IsInf(v, 1):
			return "INF"
		case math.IsInf(v, -1):
			return "-INF"
		}
		s := strconv.FormatFloat(v, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eE") {
			s += "D" // keeps a whole double a double
		}
		return s
	case bool:
		return strconv.FormatBool(v)
	case time.Time:
		return "datetime'" + v.UTC().Format("2006-01-02T15:04:05.9999999") + "'"
	case guid:
		return "guid'" + string(v) + "'"
	}
	panic(fmt.Sprintf("odata: no literal form for %T", v))
}

// literalName reads the literals that are spelled as names: true, false, null and the
// doubles INF and NaN.
func literalName(name string) (any, bool) {
	switch name {
	case "true":
		return true, true
	case "false":
		return false, true
	case "null":
		return nil, true
	case "INF":
		return math.Inf(1), true
	case "NaN":
		return math.NaN(), true
	}
	return nil, false
}

// parseLiterals reads a comma-separated list of literals (a $skiptoken); -INF is the one
// negative literal that is not a number token.
func parseLiterals(s string) ([]any, error) {
	l := &lexer{src: s}
	var out []any
	for {
		t, err := l.next()
		if err != nil {
			return nil, err
		}
		neg := t.kind == tokMinus
		if neg {
			if t, err = l.next(); err != nil {
				return nil, err
			}
		}
		var v any
		switch {
		case t.kind == tokLiteral && !neg:
			v = t.val
		case t.kind == tokName && (!neg || t.text == "INF"):
			var ok bool
			if v, ok = literalName(t.text); !ok {
				return nil, fmt.Errorf("syntax error at position %d: %s is not a literal", t.pos, t.text)
			}
			if neg {
				v = math.Inf(-1)
			}
		default:
			return nil, fmt.Errorf("syntax error at position %d: a literal expected", t.pos)
		}
		out = append(out, v)
		if t, err = l.next(); err != nil {
			return nil, err
		}
		switch t.kind {
		case tokEOF:
			return out, nil
		case tokComma:
		default:
			return nil, fmt.Errorf("syntax error at position %d: a comma expected", t.pos)
		}
	}
}
