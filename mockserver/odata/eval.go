package odata

import (
	"cmp"
	"math"
	"strings"
	"time"
)

// eval computes e for entity x; nil is null. Null propagates through operators and functions
// as in WCF Data Services: a comparison with null other than eq/ne is false, and a $filter
// keeps an entity only when the result is true.
func (e *expr) eval(x *entity) any {
	switch e.op {
	case "lit":
		return e.val
	case "path":
		return e.walk(x)
	case "not":
		if b, ok := e.args[0].eval(x).(bool); ok {
			return !b
		}
		return nil
	case "neg":
		switch v := e.args[0].eval(x).(type) {
		case int64:
			return -v
		case float64:
			return -v
		}
		return nil
	case "and", "or":
		// Three-valued logic: false and null is false, true or null is true.
		decisive := e.op == "or"
		l, r := e.args[0].eval(x), e.args[1].eval(x)
		if l == decisive || r == decisive {
			return decisive
		}
		if l == nil || r == nil {
			return nil
		}
		return !decisive
	case "eq", "ne", "lt", "le", "gt", "ge":
		return compareOp(e.op, e.args[0].eval(x), e.args[1].eval(x))
	case "call":
		args := make([]any, len(e.args))
		for i, a := range e.args {
			if args[i] = a.eval(x); args[i] == nil {
				return nil
			}
		}
		return e.fn.call(args)
	}
	return arithmetic(e.op, e.args[0].eval(x), e.args[1].eval(x))
}

// walk follows a property path from entity x; an absent navigation target makes it null.
func (e *expr) walk(x *entity) any {
	var cur any = x
	for _, s := range e.path {
		switch c := cur.(type) {
		case *entity:
			if !s.nav {
				cur = c.props[s.name]
			} else if ts := c.nav[s.name]; len(ts) > 0 {
				cur = ts[0]
			} else {
				return nil
			}
		case record:
			cur = c[s.name]
		default:
			return nil
		}
	}
	return cur
}

// compareOp applies a comparison operator. NaN compares as IEEE 754 says: only ne holds.
func compareOp(op string, a, b any) bool {
	if a == nil || b == nil {
		switch op {
		case "eq":
			return a == nil && b == nil
		case "ne":
			return a != nil || b != nil
		}
		return false
	}
	if isNaN(a) || isNaN(b) {
		return op == "ne"
	}
	c := compareValues(a, b)
	switch op {
	case "eq":
		return c == 0
	case "ne":
		return c != 0
	case "lt":
		return c < 0
	case "le":
		return c <= 0
	case "gt":
		return c > 0
	}
	return c >= 0
}

func isNaN(v any) bool {
	f, ok := v.(float64)
	return ok && math.IsNaN(f)
}

// compareValues orders two values, as $orderby and key order need: null first, numbers by
// value (NaN before the others), strings by code point (WCF compared ordinally), false before
// true, times by instant. Values of different types, which typing keeps apart, order by type.
func compareValues(a, b any) int {
	ta, tb := typeOf(a), typeOf(b)
	if ta.numeric() && tb.numeric() {
		if ia, ok := a.(int64); ok {
			if ib, ok := b.(int64); ok {
				return cmp.Compare(ia, ib)
			}
		}
		return cmp.Compare(toFloat(a), toFloat(b))
	}
	if ta != tb {
		return cmp.Compare(ta, tb)
	}
	switch a := a.(type) {
	case string:
		return strings.Compare(a, b.(string))
	case bool:
		return cmp.Compare(boolRank(a), boolRank(b.(bool)))
	case time.Time:
		return a.Compare(b.(time.Time))
	case guid:
		return strings.Compare(string(a), string(b.(guid)))
	}
	return 0
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

func toFloat(v any) float64 {
	if i, ok := v.(int64); ok {
		return float64(i)
	}
	f, _ := v.(float64)
	return f
}

// arithmetic applies add, sub, mul, div or mod. Integers stay integers (div truncates, as
// for Edm.Int32); an integer division by zero, which .NET would throw on, is null.
func arithmetic(op string, a, b any) any {
	if a == nil || b == nil {
		return nil
	}
	ia, aInt := a.(int64)
	ib, bInt := b.(int64)
	if aInt && bInt {
		switch op {
		case "add":
			return ia + ib
		case "sub":
			return ia - ib
		case "mul":
			return ia * ib
		}
		if ib == 0 {
			return nil
		}
		if op == "div" {
			return ia / ib
		}
		return ia % ib
	}
	fa, fb := toFloat(a), toFloat(b)
	switch op {
	case "add":
		return fa + fb
	case "sub":
		return fa - fb
	case "mul":
		return fa * fb
	case "div":
		return fa / fb
	}
	return math.Mod(fa, fb)
}
