package main

import (
	"context"
	"fmt"
	"time"

	"github.com/flixconf/flixconf/internal/loadgen"
)

// connections are the numbers of connections of every load cell.
var connections = []int{1, 32}

// mockCells measures the mock's workloads at each number of connections. When bare is
// given, its title cell runs right after the mock's of the same number of connections.
func (b *bench) mockCells(ctx context.Context, base string, bare *other) error {
	loads, err := b.mock.setUp()
	if err != nil {
		return err
	}
	for _, conns := range connections {
		if err := b.cell(ctx, serverMock, workloadXML, conns, b.warmup, b.mock.titleLoad(base, "")); err != nil {
			return err
		}
		if bare != nil {
			if err := b.otherCell(ctx, bare, conns); err != nil {
				return err
			}
		}
		for _, w := range []struct {
			name string
			load loadgen.Load
		}{
			{workloadJSON, b.mock.titleLoad(base, "?output=json")},
			{workloadSearch, loads.search()},
			{workloadAutocomplete, loads.autocomplete()},
		} {
			if err := b.cell(ctx, serverMock, w.name, conns, b.warmup, w.load); err != nil {
				return err
			}
		}
		if err := b.queueCell(ctx, loads, conns); err != nil {
			return err
		}
	}
	return nil
}

// queueCell measures the queue writes of conns users, then checks that their queues hold
// what was acknowledged.
func (b *bench) queueCell(ctx context.Context, loads *loads, conns int) error {
	q, err := loads.queue(conns)
	if err != nil {
		return err
	}
	if err := b.cell(ctx, serverMock, workloadQueue, conns, b.warmup, q.load()); err != nil {
		return err
	}
	adds, moves := q.counts()
	users := "1 user"
	if conns > 1 {
		users = fmt.Sprintf("%d users", conns)
	}
	held := "every queue holds exactly the titles whose adds were acknowledged"
	if err := q.verify(); err != nil {
		held = "LOST OR DOUBLED WRITES: " + err.Error()
	}
	b.res.Load[len(b.res.Load)-1].Note = fmt.Sprintf("%s; %s adds and %s moves answered 201, warm-up included (a user adds each of the %s titles found for %q once, then only moves); %s",
		users, thousands(adds), thousands(moves), thousands(len(loads.pool)), poolTerm, held)
	return nil
}

// cell runs one load cell and appends it to the results.
func (b *bench) cell(ctx context.Context, server, workload string, conns int, warmup time.Duration, load loadgen.Load) error {
	unit := "connections"
	if conns == 1 {
		unit = "connection"
	}
	b.progress("%s: %s, %d %s", server, workload, conns, unit)
	r, err := loadgen.Run(ctx, loadgen.Options{Connections: conns, Warmup: warmup, Duration: b.duration, Requests: b.requests}, load)
	if err != nil {
		return err
	}
	b.res.Load = append(b.res.Load, cellOf(server, workload, r))
	return ctx.Err()
}

// jvmWarmup is the least warm-up of WireMock: a JVM runs interpreted until its compiler has
// seen enough requests, and one second of warm-up measures the interpreter.
const jvmWarmup = 5 * time.Second

// other is a server other than the mock, measured on the title cell only.
type other struct {
	name   string
	about  string // how it is run, for the table's notes
	warmup time.Duration
	start  func() (*server, error)

	s *server
	// reason is why it is not measured, when it could not be started or answers otherwise.
	reason string
}

// launch starts o and checks that it answers the title's request with the mock's bytes. A
// server that cannot be started, or answers otherwise, is not measured, with the reason.
func (b *bench) launch(o *other, body []byte) {
	b.progress("starting %s", o.name)
	s, err := o.start()
	if err == nil {
		if err = b.sameAnswer(s.url, body); err != nil {
			s.stop()
		}
	}
	if err != nil {
		b.progress("%s not measured: %v", o.name, err)
		o.reason = err.Error()
		return
	}
	o.s = s
	ready := fmt.Sprintf("ready %.1f s after exec", s.ready.Seconds())
	if o.about != "" {
		ready = o.about + "; " + ready
	}
	o.about = ready
}

// stop stops o's server, if it runs; it may be called again.
func (o *other) stop() {
	if o != nil && o.s != nil {
		o.s.stop()
		o.s = nil
	}
}

// otherCells measures o's title cell at each number of connections.
func (b *bench) otherCells(ctx context.Context, o *other) error {
	for _, conns := range connections {
		if err := b.otherCell(ctx, o, conns); err != nil {
			return err
		}
	}
	return nil
}

// otherCell measures o's title cell at conns connections, or records why it cannot.
func (b *bench) otherCell(ctx context.Context, o *other, conns int) error {
	if o.s == nil {
		b.res.Load = append(b.res.Load, LoadCell{Server: o.name, Workload: workloadXML, Connections: conns, NotMeasured: o.reason})
		return nil
	}
	if err := b.cell(ctx, o.name, workloadXML, conns, o.warmup, b.mock.titleLoad(o.s.url, "")); err != nil {
		return err
	}
	if conns == connections[0] {
		b.res.Load[len(b.res.Load)-1].About = o.about
	}
	return nil
}
