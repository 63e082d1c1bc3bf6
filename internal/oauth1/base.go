package oauth1

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// BaseString returns the signature base string of RFC 5849 section 3.4.1: the method in upper
// case, the base string URI of u and the normalized params, each percent-encoded and joined
// with "&". params are the collected request parameters (section 3.4.1.3); oauth_signature is
// left out if present. A name may carry several values: they are all signed, sorted by value.
func BaseString(method string, u *url.URL, params url.Values) string {
	return strings.ToUpper(method) + "&" + Encode(baseURI(u)) + "&" + Encode(normalize(params))
}

// baseURI returns the base string URI of section 3.4.1.2: scheme and host in lower case, the
// port only when it is not the scheme's default, the path as sent on the wire ("/" when
// empty), and neither user information, query nor fragment.
func baseURI(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Host)
	// The last colon after any IPv6 literal's closing bracket introduces the port.
	if i := strings.LastIndexByte(host, ':'); i > strings.LastIndexByte(host, ']') {
		// An empty port means the default one (RFC 3986 section 6.2.3).
		if port := host[i+1:]; port == "" || port == defaultPort[scheme] {
			host = host[:i]
		}
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	return scheme + "://" + host + path
}

var defaultPort = map[string]string{"http": "80", "https": "443"}

// normalize returns the normalized parameter string of section 3.4.1.3.2: every name and value
// percent-encoded, the pairs sorted by encoded name and then encoded value, joined as
// name=value with "&".
func normalize(params url.Values) string {
	type pair struct{ name, value string }
	pairs := make([]pair, 0, len(params))
	for name, values := range params {
		if name == "oauth_signature" {
			continue
		}
		for _, v := range values {
			pairs = append(pairs, pair{Encode(name), Encode(v)})
		}
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		return strings.Compare(a.value, b.value)
	})
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.name)
		b.WriteByte('=')
		b.WriteString(p.value)
	}
	return b.String()
}

// signedURL returns the URL whose scheme, host and path a request is signed over. The host is
// req.Host when set, because that is the Host header the server receives: a client may send a
// request to a proxy or a local mock while presenting it to api-public.netflix.com. A request
// received by a server carries only a path in req.URL, so the scheme then comes from scheme
// when given, else from the connection.
func signedURL(req *http.Request, scheme string) *url.URL {
	u := *req.URL
	if req.Host != "" {
		u.Host = req.Host
	}
	switch {
	case scheme != "":
		u.Scheme = scheme
	case u.Scheme != "":
	case req.TLS != nil:
		u.Scheme = "https"
	default:
		u.Scheme = "http"
	}
	return &u
}
