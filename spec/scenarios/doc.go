// Package scenarios loads the dated probes of spec/scenarios/*.yaml: requests made on a given
// day of the API's life, with the answer the blog's posts say that day must get. Each probe
// names the timeline event it tests, the side of the event it stands on, and the post and
// claim it checks. The lifecycle suite turns every probe into a spec; what a probe expects is
// written in its file, never computed from the timeline, so that a timeline that both the mock
// and the suite misread would still be caught.
package scenarios
