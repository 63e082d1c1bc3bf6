package oauth1

import (
	"fmt"
	"mime"
	"net/http"
	"net/url"
)

// allParams collects every parameter of RFC 5849 section 3.4.1.3.1 that a server receives:
// the query, the form body and the Authorization header.
func allParams(req *http.Request, body []byte) (url.Values, error) {
	params, err := requestParams(req, body)
	if err != nil {
		return nil, err
	}
	header, err := authorizationParams(req.Header)
	if err != nil {
		return nil, err
	}
	for name, values := range header {
		params[name] = append(params[name], values...)
	}
	return params, nil
}

// requestParams collects the parameters of RFC 5849 section 3.4.1.3.1 that travel outside the
// Authorization header: the query and, when the content type is
// application/x-www-form-urlencoded, the body. Both are decoded as HTML forms are, so "+" is a
// space; a name without "=" has an empty value.
func requestParams(req *http.Request, body []byte) (url.Values, error) {
	params, err := url.ParseQuery(req.URL.RawQuery)
	if err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	if len(body) == 0 || !isForm(req.Header) {
		return params, nil
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, fmt.Errorf("form body: %w", err)
	}
	for name, values := range form {
		params[name] = append(params[name], values...)
	}
	return params, nil
}

// isForm reports whether the body is application/x-www-form-urlencoded, the only kind of body
// whose parameters are signed.
func isForm(h http.Header) bool {
	mediaType, _, err := mime.ParseMediaType(h.Get("Content-Type"))
	return err == nil && mediaType == "application/x-www-form-urlencoded"
}
