package mockserver

import (
	"net"
	"net/http"
	"slices"
	"strings"
)

// The API's hosts (reference netflix-api.md §1b).
const (
	hostOld    = "api.netflix.com"
	hostPublic = "api-public.netflix.com"
	hostUser   = "api-user.netflix.com"
	hostOData  = "odata.netflix.com"
)

// netflixHosts are the hosts the mock serves, directly or as a proxy.
var netflixHosts = []string{hostOld, hostPublic, hostUser, hostOData}

// requestHost is the host a request addressed, without its port and in lower case: the host of
// an absolute request URI (proxy use), else the Host header.
func requestHost(r *http.Request) string {
	if r.URL.IsAbs() {
		return hostOnly(r.URL.Host)
	}
	return hostOnly(r.Host)
}

func isNetflixHost(h string) bool { return slices.Contains(netflixHosts, h) }

// hostOnly strips a port and lower-cases a host.
func hostOnly(hostport string) string {
	h := hostport
	if host, _, err := net.SplitHostPort(hostport); err == nil {
		h = host
	}
	return strings.ToLower(h)
}

// apiHost is the host that ids and links of an answer name: the API host the request
// addressed, or, for a request addressed to another name (the mock's own address), the host
// that was canonical on the request's day (the timeline's CanonicalHost).
func apiHost(requestHost, canonical string) string {
	h := hostOnly(requestHost)
	if h == hostOld || h == hostPublic {
		return h
	}
	return canonical
}
