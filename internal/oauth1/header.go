package oauth1

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// authorizationParams returns the parameters of the request's OAuth Authorization header, or
// none when it has no such header. Headers of other schemes are ignored; two OAuth headers
// are an error because it is unclear which one the client meant.
func authorizationParams(h http.Header) (url.Values, error) {
	var params url.Values
	for _, value := range h.Values("Authorization") {
		p, ok, err := parseAuthorization(value)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		if params != nil {
			return nil, errors.New("more than one OAuth Authorization header")
		}
		params = p
	}
	return params, nil
}

// parseAuthorization parses an Authorization header value of the form (RFC 5849 section
// 3.5.1)
//
//	OAuth realm="Example", oauth_consumer_key="key", oauth_nonce="n%20n"
//
// It reports ok=false for another scheme. Names and values are percent-decoded ("+" stays a
// plus sign); values must be quoted; realm is dropped because it is not signed. Empty list
// elements are skipped, as the HTTP list syntax allows.
func parseAuthorization(h string) (params url.Values, ok bool, err error) {
	h = strings.TrimLeft(h, " \t")
	scheme, rest := h, ""
	if i := strings.IndexAny(h, " \t"); i >= 0 {
		scheme, rest = h[:i], h[i:]
	}
	if !strings.EqualFold(scheme, "OAuth") {
		return nil, false, nil
	}
	params = url.Values{}
	for {
		rest = strings.TrimLeft(rest, " \t,")
		if rest == "" {
			return params, true, nil
		}
		eq := strings.IndexByte(rest, '=')
		if eq < 0 {
			return nil, true, fmt.Errorf("authorization header: %q has no value", rest)
		}
		rawName := strings.TrimRight(rest[:eq], " \t")
		if rawName == "" || strings.ContainsAny(rawName, "\", \t") {
			return nil, true, fmt.Errorf("authorization header: bad parameter name %q", rawName)
		}
		rest = strings.TrimLeft(rest[eq+1:], " \t")
		if !strings.HasPrefix(rest, `"`) {
			return nil, true, fmt.Errorf("authorization header: value of %q is not quoted", rawName)
		}
		end := strings.IndexByte(rest[1:], '"')
		if end < 0 {
			return nil, true, fmt.Errorf("authorization header: value of %q is not terminated", rawName)
		}
		rawValue := rest[1 : 1+end]
		rest = strings.TrimLeft(rest[end+2:], " \t")
		if rest != "" && rest[0] != ',' {
			return nil, true, fmt.Errorf("authorization header: no comma after %q", rawName)
		}
		name, err := url.PathUnescape(rawName)
		if err != nil {
			return nil, true, fmt.Errorf("authorization header: name %q: %w", rawName, err)
		}
		value, err := url.PathUnescape(rawValue)
		if err != nil {
			return nil, true, fmt.Errorf("authorization header: value of %q: %w", name, err)
		}
		if name != "realm" {
			params.Add(name, value)
		}
	}
}

// formatAuthorization renders params as an OAuth Authorization header value, names sorted so
// that the same request always gives the same header.
func formatAuthorization(params url.Values) string {
	var b strings.Builder
	b.WriteString("OAuth ")
	for i, name := range slices.Sorted(maps.Keys(params)) {
		for j, v := range params[name] {
			if i > 0 || j > 0 {
				b.WriteString(", ")
			}
			b.WriteString(Encode(name))
			b.WriteString(`="`)
			b.WriteString(Encode(v))
			b.WriteByte('"')
		}
	}
	return b.String()
}
