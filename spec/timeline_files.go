package spec

import _ "embed"

// The timeline's files live beside the descriptions they refer to; package spec/timeline
// loads and checks them. They are embedded here because go:embed cannot reach a parent
// directory.
var (
	// TimelineYAML is spec/timeline.yaml: the dated events of the API's life.
	//
	//go:embed timeline.yaml
	TimelineYAML []byte

	// TimelineSchema is spec/timeline.schema.json, the JSON Schema (draft 2020-12) of
	// TimelineYAML converted to JSON.
	//
	//go:embed timeline.schema.json
	TimelineSchema []byte
)
