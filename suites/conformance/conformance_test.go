package conformance

import (
	"flag"
	"net/http/httptest"
	"testing"

	"github.com/flixconf/flixconf/internal/flagenv"
	"github.com/flixconf/flixconf/mockserver"
	"github.com/flixconf/flixconf/suites/framework"
	"github.com/flixconf/flixconf/suites/framework/report"
)

// TestConformance runs the whole suite under `go test` or the ginkgo CLI. The target comes
// from the same variables as `flixconf run` (FLIXCONF_RUN_TARGET, FLIXCONF_RUN_VERSIONS, ...);
// without one, the suite runs against the bundled mock.
func TestConformance(t *testing.T) {
	cfg := framework.DefaultConfig()
	fs := flag.NewFlagSet("conformance", flag.ContinueOnError)
	cfg.Flags(fs)
	if err := flagenv.Parse(fs, "FLIXCONF_RUN_", nil); err != nil {
		t.Fatal(err)
	}
	target := report.Target{Kind: "url", URL: cfg.Target}
	if cfg.Target == "" {
		mock, err := mockserver.New(mockserver.WithCatalogSize(1000))
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(mock)
		defer srv.Close()
		cfg.Target, cfg.LoopbackOnly = srv.URL, true
		target = report.Target{Kind: "bundled-mock", URL: srv.URL}
	}
	res, err := Run(t, cfg, target)
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts.Ran() == 0 {
		t.Fatalf("no spec ran: %s", res.Counts.Summary())
	}
	t.Log(res.Counts.Breakdown())
	t.Log(res.Counts.Summary())
}
