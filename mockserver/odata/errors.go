package odata

import (
	"fmt"
	"net/http"
)

// odataError is an answer with the OData V2 error body that WCF Data Services wrote: an
// empty code and an English message, as JSON when JSON was asked for and as XML otherwise.
type odataError struct {
	status  int
	message string
}

func badRequest(format string, args ...any) *odataError {
	return &odataError{status: http.StatusBadRequest, message: fmt.Sprintf(format, args...)}
}

// notFound is WCF's answer to a segment that names nothing: an unknown entity set, key,
// property or navigation property.
func notFound(segment string) *odataError {
	return &odataError{status: http.StatusNotFound, message: fmt.Sprintf("Resource not found for the segment '%s'.", segment)}
}

// fail answers e.
func (c *call) fail(e *odataError) {
	if c.json {
		c.writeJSON(e.status, object{{"error", object{
			{"code", ""},
			{"message", object{{"lang", "en-US"}, {"value", e.message}}},
		}}})
		return
	}
	w := newXMLWriter()
	w.open("error", "xmlns", nsMetadata)
	w.text("code", "")
	w.text("message", e.message, "xml:lang", "en-US")
	w.close("error")
	c.write(e.status, xmlContentType, w.bytes())
}
