package framework

import (
	"fmt"
	"slices"
	"strings"
)

// A profile is an optional part of the API, or of the kit's own extensions, that a target
// claims or declares absent, the way an OCI registry declares the workflows it supports. A
// spec labelled profile:NAME is a skip, with the reason, when the run does not claim NAME.
type Profile struct {
	Name string
	// What says what claiming the profile promises.
	What string
	// Default profiles are claimed when --profiles is not given.
	Default bool
}

// The profiles, by name.
const (
	ProfileCatalog          = "catalog"
	ProfileUsers            = "users"
	ProfileOAuthFlow        = "oauth-flow"
	ProfileIndexFiles       = "index-files"
	ProfileOData            = "odata"
	ProfileClockHeader      = "clock-header"
	ProfileControl          = "control"
	ProfileProxy            = "proxy"
	ProfileLifecycleHeaders = "lifecycle-headers"
)

// Profiles lists every profile in the order reports show them.
var Profiles = []Profile{
	{ProfileCatalog, "the catalog resources: titles, sub-resources, search, autocomplete, people, categories", true},
	{ProfileUsers, "the user resources: the user, queues, ratings, title states, rental history, recommendations, feeds", true},
	{ProfileOAuthFlow, "the OAuth 1.0a flow: request token, the login page, access token", true},
	{ProfileIndexFiles, "the catalog index files (/catalog/titles/index, /full, /streaming, /dvd)", true},
	{ProfileOData, "the OData catalog at odata.netflix.com", true},
	{ProfileClockHeader, "the Flixconf-Clock request header: one server answers as of any day", true},
	{ProfileControl, "the kit's control endpoints under /_flixconf/ (fresh users, credentials, clock)", true},
	{ProfileProxy, "answering as an HTTP forward proxy for the API's hosts (absolute-form requests)", true},
	{ProfileLifecycleHeaders, "the opt-in Deprecation, Sunset and Link headers on dated changes (flixconf serve --lifecycle-headers)", false},
}

// ProfileNames lists the names of every profile.
func ProfileNames() []string {
	names := make([]string, len(Profiles))
	for i, p := range Profiles {
		names[i] = p.Name
	}
	return names
}

// DefaultProfiles lists the profiles claimed when --profiles is not given.
func DefaultProfiles() []string {
	var names []string
	for _, p := range Profiles {
		if p.Default {
			names = append(names, p.Name)
		}
	}
	return names
}

// IsProfile reports whether name is a profile.
func IsProfile(name string) bool { return slices.Contains(ProfileNames(), name) }

type profilesValue struct{ p *[]string }

func (v profilesValue) String() string {
	if v.p == nil {
		return ""
	}
	return strings.Join(*v.p, ",")
}

// Set reads a comma-separated list of profiles; "all" claims every one, "none" none.
func (v profilesValue) Set(s string) error {
	switch strings.TrimSpace(s) {
	case "all":
		*v.p = ProfileNames()
		return nil
	case "none":
		*v.p = []string{}
		return nil
	}
	var out []string
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if !IsProfile(part) {
			return fmt.Errorf("%q is not a profile; want all, none or a comma-separated list of %s", part, strings.Join(ProfileNames(), ", "))
		}
		if !slices.Contains(out, part) {
			out = append(out, part)
		}
	}
	// Reports list them in the order of Profiles.
	slices.SortFunc(out, func(a, b string) int {
		return slices.Index(ProfileNames(), a) - slices.Index(ProfileNames(), b)
	})
	*v.p = out
	return nil
}

// Claims reports whether the run claims the named profile.
func (c *Config) Claims(profile string) bool { return slices.Contains(c.Profiles, profile) }
