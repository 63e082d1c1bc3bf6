package report_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/suites/framework"
	"github.com/flixconf/flixconf/suites/framework/report"
)

// The schema spells out the values results may hold (versions, descriptions, clock modes,
// profiles); they must stay those the suite knows. The package report cannot import the
// framework, which imports it, so this test lives outside it.
func TestSchemaEnumsMatchTheSuite(t *testing.T) {
	var schema struct {
		Properties struct {
			Config struct {
				Properties struct {
					Clock struct {
						Enum []string `json:"enum"`
					} `json:"clock"`
				} `json:"properties"`
			} `json:"config"`
			Profiles struct {
				Items struct {
					Enum []string `json:"enum"`
				} `json:"items"`
			} `json:"profiles"`
		} `json:"properties"`
		Defs map[string]struct {
			Enum []string `json:"enum"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(report.ResultsSchema, &schema); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		what          string
		schema, suite []string
	}{
		{"descriptions ($defs/description)", schema.Defs["description"].Enum, spec.Names()},
		{"clock modes (config.clock)", schema.Properties.Config.Properties.Clock.Enum, []string{framework.ClockHeader, framework.ClockFixed, framework.ClockEnv}},
		{"profiles", schema.Properties.Profiles.Items.Enum, framework.ProfileNames()},
	} {
		if !slices.Equal(c.schema, c.suite) {
			t.Errorf("the schema's %s are %v; the suite's are %v", c.what, c.schema, c.suite)
		}
	}
}
