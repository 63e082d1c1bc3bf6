package mockserver

import (
	"net"

	"github.com/flixconf/flixconf/spec"
)

// The API's hosts (reference netflix-api.md §1b).
const (
	hostOld    = "api.netflix.com"
	hostPublic = "api-public.netflix.com"
)

// oldHostRetired is the day api.netflix.com stopped serving ("Upcoming Changes to the Netflix
// API Program", June 2012: the old domain is retired on 2012-09-15).
var oldHostRetired = spec.MustDay("2012-09-15")

// apiHost is the host that ids and links of an answer name: the API host the request
// addressed, or, for a request addressed to another name (the mock's own address), the host
// that was canonical on the request's day.
func apiHost(requestHost string, day spec.Day) string {
	h := requestHost
	if host, _, err := net.SplitHostPort(requestHost); err == nil {
		h = host
	}
	if h == hostOld || h == hostPublic {
		return h
	}
	if day.Before(oldHostRetired) {
		return hostOld
	}
	return hostPublic
}
