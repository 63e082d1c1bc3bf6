package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/flixconf/flixconf/internal/flagenv"
	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/spec/validate"
)

const (
	validatePrefix = "FLIXCONF_VALIDATE_"
	// defaultVersion is the version the real API answered when a request had no v parameter.
	defaultVersion = "1.0"
	// apiBase completes a PATH given without scheme and host.
	apiBase = "http://api.netflix.com"
	// odataHost served the OData catalog, which has a description of its own and no version.
	odataHost = "odata.netflix.com"
)

// validateMethods are the methods the API's operations use.
var validateMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete}

// validateOptions are validate's flags.
type validateOptions struct {
	version     descriptionValue
	status      int
	contentType string
	har         string
}

func (o *validateOptions) flags(fs *flag.FlagSet) {
	fs.Var(&o.version, "version", "the description to validate against: "+strings.Join(spec.Names(), ", ")+
		"\n(default: the v parameter of the request's URL, else "+defaultVersion+"; requests to "+odataHost+"\nalways use the description of the OData catalog)")
	fs.IntVar(&o.status, "status", http.StatusOK, "the HTTP status the body was answered with (one body only; a HAR records each)")
	fs.StringVar(&o.contentType, "content-type", "", "the body's media type, such as application/xml (one body only; default: told from the body)")
	fs.StringVar(&o.har, "har", "", "a HAR 1.2 file of captured traffic: validate every entry")
}

const validateSynopsis = `usage: flixconf validate [flags] METHOD PATH FILE
       flixconf validate [flags] --har FILE
       flixconf validate [flags] HAR-FILE

Validates recorded answers of the API against flixconf's description of it.

METHOD PATH FILE validates one response body, FILE, as the answer to METHOD (GET, POST, PUT
or DELETE) PATH: the request path with its query, such as
/catalog/titles/movies/60001220?output=json, or a full URL (needed for operations on another
host, such as https://api-user.netflix.com/oauth/login). The content type is told from the
body (JSON, XML, Atom, RSS, HTML, form-encoded) unless --content-type is given. Without
--version, the version is PATH's v parameter, else ` + defaultVersion + `.

A HAR file of captured traffic validates every entry: its method, URL, status, Content-Type
(told from the body when not recorded) and body. Entries on hosts other than *.netflix.com,
and entries without a body, are skipped.

Flags go before the arguments. Exit status: 0 when everything validated conforms, 1 when
something violates the description, 2 for a usage error or a HAR in which nothing could be
validated.

`

func validateCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	var o validateOptions
	o.flags(fs)
	// parseFlags refuses arguments, and validate takes some, so it parses for itself.
	switch err := flagenv.Parse(fs, validatePrefix, args); {
	case errors.Is(err, flag.ErrHelp):
		validateHelp(fs, stdout)
		return exitOK
	case err != nil:
		return usageError(stderr, "validate", "%v", err)
	}
	if o.status < 100 || o.status > 599 {
		return usageError(stderr, "validate", "invalid value %d for --status (or %s): want an HTTP status, 100 to 599", o.status, flagenv.Name(validatePrefix, "status"))
	}
	if o.contentType != "" {
		// ParseMediaType takes a bare token such as xml; a media type needs type/subtype.
		if mt, _, err := mime.ParseMediaType(o.contentType); err != nil || !strings.Contains(mt, "/") {
			return usageError(stderr, "validate", "invalid value %q for --content-type (or %s): want a media type, such as application/xml", o.contentType, flagenv.Name(validatePrefix, "content-type"))
		}
	}
	pos := fs.Args()
	// The flag package stops at the first argument, so a flag after METHOD would be taken for
	// an argument; say so rather than complain about the number of arguments.
	for _, a := range pos {
		if len(a) > 1 && strings.HasPrefix(a, "-") {
			return usageError(stderr, "validate", "flag %s after the arguments: flags go before METHOD PATH FILE", a)
		}
	}

	switch {
	case o.har != "":
		if len(pos) > 0 {
			return usageError(stderr, "validate", "--har %s takes no other arguments; got %q", o.har, pos)
		}
		entries, err := readHAR(o.har)
		if err != nil {
			return usageError(stderr, "validate", "--har: %v", err)
		}
		return o.harFile(fs, o.har, entries, stdout, stderr)
	case len(pos) == 1:
		entries, err := readHAR(pos[0])
		if err != nil {
			return usageError(stderr, "validate", "%v (to validate one body, give METHOD PATH FILE)", err)
		}
		return o.harFile(fs, pos[0], entries, stdout, stderr)
	case len(pos) == 3:
		return o.body(pos[0], pos[1], pos[2], stdout, stderr)
	}
	return usageError(stderr, "validate", "want METHOD PATH FILE, or a HAR file; got %d arguments", len(pos))
}

// validateHelp prints the synopsis, then the flags. printFlags' own first line says the
// command takes flags only, which validate does not, so the synopsis stands in for it.
func validateHelp(fs *flag.FlagSet, w io.Writer) {
	var b strings.Builder
	printFlags(fs, validatePrefix, &b)
	_, flags, _ := strings.Cut(b.String(), "\n\n")
	fmt.Fprint(w, validateSynopsis+flags)
}

// body validates one recorded response body: METHOD PATH FILE.
func (o *validateOptions) body(method, path, file string, stdout, stderr io.Writer) int {
	if !slices.Contains(validateMethods, strings.ToUpper(method)) {
		return usageError(stderr, "validate", "unknown METHOD %q: want GET, POST, PUT or DELETE", method)
	}
	method = strings.ToUpper(method)
	u, err := requestURL(path)
	if err != nil {
		return usageError(stderr, "validate", "PATH %q: %v", path, err)
	}
	body, err := readFile(file)
	if err != nil {
		return usageError(stderr, "validate", "FILE: %v", err)
	}
	name, err := descriptionFor(u, string(o.version))
	if err != nil {
		return usageError(stderr, "validate", "PATH %q: %v; give --version", path, err)
	}
	v, err := validate.New(name)
	if err != nil {
		// The descriptions are embedded and tested: a broken build, not a user's mistake.
		fmt.Fprintf(stderr, "flixconf validate: %v\n", err)
		return exitFail
	}
	req, err := http.NewRequest(method, u.String(), nil)
	if err != nil {
		return usageError(stderr, "validate", "PATH %q: %v", path, err)
	}
	op, err := v.Operation(req)
	if err != nil {
		return usageError(stderr, "validate", "PATH %q: %v", path, err)
	}
	ct := o.contentType
	if ct == "" {
		ct = sniffContentType(body)
	}
	vs := v.Response(req, o.status, http.Header{"Content-Type": {ct}}, body)
	for _, x := range vs {
		fmt.Fprintln(stdout, x.String())
	}
	if len(vs) > 0 {
		fmt.Fprintf(stdout, "%s: %s\n", file, count(len(vs), "violation", "violations"))
		return exitFail
	}
	fmt.Fprintf(stdout, "%s: conforms to %s %s\n", file, describedAs(name), op)
	return exitOK
}

// requestURL reads PATH: a path starting with / (completed with the API's host) or an http
// or https URL.
func requestURL(path string) (*url.URL, error) {
	raw := path
	if strings.HasPrefix(path, "/") {
		raw = apiBase + path
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errors.New("want a path starting with /, such as /catalog/titles/movies/60001220?output=json, or an http:// or https:// URL")
	}
	return u, nil
}

// readFile reads a file named on the command line; its error names the file and why, without
// the "open" of the system call.
func readFile(name string) ([]byte, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("cannot read %s: %v", name, err)
	}
	return b, nil
}

// descriptionFor picks the description that judges a request to u: the OData catalog's for
// odata.netflix.com; else version when given; else the API version of u's v parameter, which
// the real API defaulted to 1.0.
func descriptionFor(u *url.URL, version string) (string, error) {
	if strings.EqualFold(u.Hostname(), odataHost) {
		if !slices.Contains(spec.Names(), spec.ODataName) {
			return "", fmt.Errorf("not described: this build has no description of the OData catalog (%s)", odataHost)
		}
		return spec.ODataName, nil
	}
	if version != "" {
		return version, nil
	}
	v := u.Query().Get("v")
	if v == "" {
		return defaultVersion, nil
	}
	if !slices.Contains(spec.Versions(), v) {
		return "", fmt.Errorf("not described: v=%s names no API version described here (%s)", v, strings.Join(spec.Versions(), ", "))
	}
	return v, nil
}

// describedAs names a description in a sentence: "API 1.0", or the OData catalog.
func describedAs(name string) string {
	if name == spec.ODataName {
		return "the OData catalog"
	}
	return "API " + name
}

// count writes n with its noun, singular or plural.
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

var (
	utf8BOM = []byte("\xef\xbb\xbf")
	// formBody is a form-encoded body such as oauth_token=a&oauth_token_secret=b: name=value
	// pairs joined by &, with no spaces (which form encoding writes as + or %20).
	formBody = regexp.MustCompile(`^[A-Za-z0-9_.~%+-]+=[^&\s]*(?:&[A-Za-z0-9_.~%+-]+=[^&\s]*)*$`)
)

// sniffContentType tells the media type of a body of the API's from its content, since a
// recorded body rarely comes with its headers: JSON by its first byte, XML by its root
// element (Atom for feed, RSS for rss, HTML for html), form encoding by its name=value pairs.
// Anything else gets what http.DetectContentType says, which the validator then refuses by
// name.
func sniffContentType(body []byte) string {
	b := bytes.TrimSpace(bytes.TrimPrefix(body, utf8BOM))
	switch {
	case len(b) == 0:
	case b[0] == '{' || b[0] == '[':
		return "application/json"
	case b[0] == '<':
		return xmlMediaType(b)
	case formBody.Match(b):
		return "application/x-www-form-urlencoded"
	}
	return http.DetectContentType(body)
}

// xmlMediaType names the XML dialect of b by its root element. A body whose root cannot be
// read is still called XML, so that the validator reports why it does not parse.
func xmlMediaType(b []byte) string {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false // HTML, and XML broken further on, still show their root
	// Only the root's name is needed, and it is ASCII in every encoding the API used.
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for {
		tok, err := d.RawToken()
		if err != nil {
			return "application/xml"
		}
		if start, ok := tok.(xml.StartElement); ok {
			switch strings.ToLower(start.Name.Local) {
			case "feed":
				return "application/atom+xml"
			case "rss":
				return "application/rss+xml"
			case "html":
				return "text/html"
			}
			return "application/xml"
		}
	}
}

// harEntry is what validate reads of an entry of a HAR 1.2 file.
type harEntry struct {
	Request struct {
		Method string `json:"method"`
		URL    string `json:"url"`
	} `json:"request"`
	Response struct {
		Status  int `json:"status"`
		Headers []struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"headers"`
		Content struct {
			MimeType string `json:"mimeType"`
			Text     string `json:"text"`
			Encoding string `json:"encoding"`
		} `json:"content"`
	} `json:"response"`
}

// readHAR reads the entries of a HAR file: JSON with log.entries.
func readHAR(name string) ([]harEntry, error) {
	raw, err := readFile(name)
	if err != nil {
		return nil, err
	}
	var probe struct {
		Log struct {
			Entries json.RawMessage `json:"entries"`
		} `json:"log"`
	}
	if err := json.Unmarshal(raw, &probe); err != nil || len(probe.Log.Entries) == 0 || string(probe.Log.Entries) == "null" {
		return nil, fmt.Errorf("%s is not a HAR file: want JSON with log.entries", name)
	}
	var entries []harEntry
	if err := json.Unmarshal(probe.Log.Entries, &entries); err != nil {
		return nil, fmt.Errorf("%s: log.entries is not a list of HAR entries: %v", name, err)
	}
	return entries, nil
}

// harFile validates every entry of a HAR file and prints a line for each (its violations, or
// that it conforms or was skipped and why), then the summary.
func (o *validateOptions) harFile(fs *flag.FlagSet, name string, entries []harEntry, stdout, stderr io.Writer) int {
	// A HAR records each entry's status and type; a flag that would stand for all of them is
	// more likely a mistake than a wish, so it is refused rather than ignored.
	var misplaced []string
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "status" || f.Name == "content-type" {
			misplaced = append(misplaced, fmt.Sprintf("--%s (or %s)", f.Name, flagenv.Name(validatePrefix, f.Name)))
		}
	})
	if len(misplaced) > 0 {
		return usageError(stderr, "validate", "%s applies to one body, not to a HAR file, which records each entry's status and type", strings.Join(misplaced, " and "))
	}

	validators := map[string]*validate.Validator{}
	var conform, violate, skipped int
	for i, e := range entries {
		prefix := fmt.Sprintf("entry %d %s %s: ", i+1, e.Request.Method, e.Request.URL)
		r := o.entry(e, validators)
		switch {
		case r.err != nil:
			fmt.Fprintf(stderr, "flixconf validate: %v\n", r.err)
			return exitFail
		case r.skip != "":
			skipped++
			fmt.Fprintf(stdout, "%sskipped: %s\n", prefix, r.skip)
		case len(r.violations) > 0:
			violate++
			for _, x := range r.violations {
				fmt.Fprintf(stdout, "%s%s\n", prefix, x.String())
			}
		default:
			conform++
			fmt.Fprintf(stdout, "%sconforms to %s %s\n", prefix, describedAs(r.description), r.operation)
		}
	}
	fmt.Fprintf(stdout, "HAR %s: %s, %d conform, %d violate, %d skipped\n", name, count(len(entries), "entry", "entries"), conform, violate, skipped)
	switch {
	case violate > 0:
		return exitFail
	case conform == 0:
		// As with run, a check that checked nothing must not pass for a success.
		fmt.Fprintf(stderr, "flixconf validate: no entry of %s could be validated\n", name)
		return exitUsage
	}
	return exitOK
}

// entryResult is what became of one HAR entry: skipped with a reason, or validated against
// a description, or err when a description could not be loaded.
type entryResult struct {
	skip        string
	description string
	operation   string
	violations  []validate.Violation
	err         error
}

// entry validates one HAR entry; validators caches a validator per description.
func (o *validateOptions) entry(e harEntry, validators map[string]*validate.Validator) entryResult {
	u, err := url.Parse(e.Request.URL)
	if err != nil || u.Host == "" {
		return entryResult{skip: "request.url is not an absolute URL"}
	}
	if host := strings.ToLower(u.Hostname()); !strings.HasSuffix(host, ".netflix.com") {
		return entryResult{skip: fmt.Sprintf("%s is not an API host (*.netflix.com)", host)}
	}
	if e.Response.Status == 0 {
		return entryResult{skip: "no response recorded (status 0)"}
	}
	body := []byte(e.Response.Content.Text)
	if e.Response.Content.Encoding == "base64" {
		if body, err = base64.StdEncoding.DecodeString(e.Response.Content.Text); err != nil {
			return entryResult{skip: fmt.Sprintf("response.content.text is not valid base64: %v", err)}
		}
	}
	if len(body) == 0 {
		return entryResult{skip: "no response body recorded"}
	}
	name, err := descriptionFor(u, string(o.version))
	if err != nil {
		return entryResult{skip: err.Error()}
	}
	v := validators[name]
	if v == nil {
		if v, err = validate.New(name); err != nil {
			return entryResult{err: err}
		}
		validators[name] = v
	}
	req, err := http.NewRequest(strings.ToUpper(e.Request.Method), u.String(), nil)
	if err != nil {
		return entryResult{skip: fmt.Sprintf("request.method %q: %v", e.Request.Method, err)}
	}
	header := http.Header{}
	for _, h := range e.Response.Headers {
		if !strings.HasPrefix(h.Name, ":") { // HTTP/2 pseudo-headers such as :status
			header.Add(h.Name, h.Value)
		}
	}
	if header.Get("Content-Type") == "" {
		ct := e.Response.Content.MimeType
		if ct == "" || ct == "x-unknown" { // x-unknown: what Chrome records for no type
			ct = sniffContentType(body)
		}
		header.Set("Content-Type", ct)
	}
	r := entryResult{description: name, violations: v.Response(req, e.Response.Status, header, body)}
	if len(r.violations) == 0 {
		r.operation, _ = v.Operation(req) // it conforms, so it found its operation
	}
	return r
}
