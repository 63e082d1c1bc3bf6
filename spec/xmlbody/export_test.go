package xmlbody

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
)

// MaxDepth is the deepest nesting parse reads.
const MaxDepth = maxDepth

// ReadsFast reports whether parse reads body with scan, and the error parse returns.
func ReadsFast(body []byte) (fast bool, err error) {
	_, fast, err = read(bytes.NewReader(body))
	return fast, err
}

// CompareReaders reads body with scan and, when scan accepts it, with encoding/xml too.
// accepted reports whether scan accepted body; err, that encoding/xml's path then disagreed:
// it failed, or built another tree (down to nil and empty slices).
func CompareReaders(body []byte) (accepted bool, err error) {
	fast, ok := scan(body)
	if !ok {
		return false, nil
	}
	slow, err := parseXML(bytes.NewReader(body))
	if err != nil {
		return true, fmt.Errorf("scan accepted what encoding/xml rejects: %w", err)
	}
	if !reflect.DeepEqual(slow, fast) {
		return true, fmt.Errorf("scan built another tree:\nencoding/xml: %s\nscan:         %s", dump(slow), dump(fast))
	}
	return true, nil
}

// dump writes a tree on one line, telling nil slices from empty ones.
func dump(e *element) string {
	var b strings.Builder
	var write func(e *element)
	write = func(e *element) {
		fmt.Fprintf(&b, "<%q attrs=", e.name)
		if e.attrs == nil {
			b.WriteString("nil")
		} else {
			fmt.Fprintf(&b, "%q", e.attrs)
		}
		if e.text != nil {
			fmt.Fprintf(&b, " text=%q", e.text)
		}
		if e.children != nil {
			b.WriteString(" children=")
			for _, c := range e.children {
				write(c)
			}
		}
		b.WriteString(">")
	}
	write(e)
	return b.String()
}

// ReadWithEncodingXML reads body the way parse reads what scan declines.
func ReadWithEncodingXML(body []byte) error {
	_, err := parseXML(bytes.NewReader(body))
	return err
}
