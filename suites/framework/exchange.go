package framework

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/flixconf/flixconf/suites/framework/report"
)

// exchangeEntry is the name of the report entries that keep a spec's requests and answers,
// so that the report can show a failure with the traffic that led to it.
const exchangeEntry = "flixconf-exchange"

// keptExchanges is how many of a failed spec's last exchanges its result keeps.
const keptExchanges = 3

// exchangeBody bounds the bytes of a body an exchange keeps.
const exchangeBody = 4 << 10

// redacted stands for a credential in a report.
const redacted = "[redacted]"

// secretParams are the parameters whose values reports never show.
var secretParams = []string{"oauth_signature", "oauth_token", "oauth_consumer_key", "oauth_verifier", "oauth_token_secret", "password", "oauth_nonce"}

// recordExchange keeps a request and its answer (resp nil when none came) with the current
// spec, credentials redacted. Ginkgo shows the entry nowhere; SpecResults hands the last few
// of a failed spec to the report.
func recordExchange(req *http.Request, reqBody []byte, resp *http.Response, body []byte) {
	ex := report.Exchange{Request: describeRequest(req, reqBody)}
	if resp != nil {
		ex.Response = describeResponse(resp, body)
	}
	ginkgo.AddReportEntry(exchangeEntry, ex, ginkgo.ReportEntryVisibilityNever)
}

func describeRequest(req *http.Request, body []byte) string {
	var b strings.Builder
	u := *req.URL
	u.RawQuery = redactQuery(u.RawQuery)
	fmt.Fprintf(&b, "%s %s HTTP/1.1\nHost: %s\n", req.Method, u.RequestURI(), req.Host)
	writeHeader(&b, req.Header)
	if len(body) > 0 {
		b.WriteString("\n")
		b.WriteString(bounded(redactQuery(string(body))))
	}
	return b.String()
}

func describeResponse(resp *http.Response, body []byte) string {
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP/1.1 %s\n", resp.Status)
	writeHeader(&b, resp.Header)
	if len(body) > 0 {
		b.WriteString("\n")
		text := string(body)
		if strings.Contains(resp.Header.Get("Content-Type"), "x-www-form-urlencoded") {
			text = redactQuery(text)
		}
		b.WriteString(bounded(text))
	}
	return b.String()
}

func writeHeader(b *strings.Builder, h http.Header) {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		for _, v := range h[k] {
			if k == "Authorization" || k == "Proxy-Authorization" || k == "Cookie" {
				v = redactAuthorization(v)
			}
			fmt.Fprintf(b, "%s: %s\n", k, v)
		}
	}
}

// redactQuery replaces the values of secret parameters in a query or form body, leaving the
// rest byte for byte.
func redactQuery(raw string) string {
	if raw == "" {
		return raw
	}
	parts := strings.Split(raw, "&")
	for i, p := range parts {
		name, _, found := strings.Cut(p, "=")
		if n, err := url.QueryUnescape(name); err == nil && found && slices.Contains(secretParams, n) {
			parts[i] = name + "=" + redacted
		}
	}
	return strings.Join(parts, "&")
}

// redactAuthorization keeps the scheme and the names of an Authorization header's parameters.
func redactAuthorization(v string) string {
	scheme, rest, ok := strings.Cut(v, " ")
	if !ok {
		return redacted
	}
	var out []string
	for _, p := range strings.Split(rest, ",") {
		name, value, _ := strings.Cut(strings.TrimSpace(p), "=")
		if slices.Contains(secretParams, name) {
			value = `"` + redacted + `"`
		}
		out = append(out, name+"="+value)
	}
	return scheme + " " + strings.Join(out, ", ")
}

func bounded(s string) string {
	if len(s) <= exchangeBody {
		return s
	}
	return s[:exchangeBody] + fmt.Sprintf("\n... (%d more bytes)", len(s)-exchangeBody)
}

// exchanges returns the last few exchanges a spec recorded.
func exchanges(r types.SpecReport) []report.Exchange {
	var out []report.Exchange
	for _, e := range r.ReportEntries {
		if e.Name != exchangeEntry {
			continue
		}
		if ex, ok := e.GetRawValue().(report.Exchange); ok {
			out = append(out, ex)
		}
	}
	if len(out) > keptExchanges {
		out = out[len(out)-keptExchanges:]
	}
	return out
}
