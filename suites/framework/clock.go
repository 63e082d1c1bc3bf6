package framework

import (
	"net/http"

	"github.com/flixconf/flixconf/spec"
)

// OnDay returns the header that asks the target to answer as of day (YYYY-MM-DD).
func OnDay(day string) http.Header { return http.Header{spec.ClockHeader: {day}} }
