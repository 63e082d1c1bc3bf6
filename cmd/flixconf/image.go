package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/containerd/errdefs"
	"github.com/testcontainers/testcontainers-go"
	tclog "github.com/testcontainers/testcontainers-go/log"
	"github.com/testcontainers/testcontainers-go/wait"

	"github.com/flixconf/flixconf/mockserver"
)

// imageOptions is the container contract: the implementation listens on port 8080, is ready
// when / answers any HTTP status, and reads its simulated day from FLIXCONF_SERVE_DATE. Each
// part can be overridden.
type imageOptions struct {
	name      string
	port      string
	readyPath string
	dateEnv   string
	date      dateValue
	startup   time.Duration
}

func (o *imageOptions) flags(fs *flag.FlagSet) {
	fs.StringVar(&o.name, "image", "", "start the implementation from this local container image (build the bundled mock's with make image)")
	fs.StringVar(&o.port, "image-port", "8080", "the port the image listens on")
	fs.StringVar(&o.readyPath, "image-ready-path", "/", "the path that answers, with any HTTP status, once the container is ready")
	fs.StringVar(&o.dateEnv, "image-date-env", "FLIXCONF_SERVE_DATE", "the environment variable that gives the container its simulated day")
	fs.Var(&o.date, "image-date", "the simulated day given to the container: YYYY-MM-DD or now")
	fs.DurationVar(&o.startup, "image-startup-timeout", time.Minute, "time allowed for the container to become ready")
}

type startedImage struct {
	url  string
	stop func()
}

// startImage starts the image and waits until it answers. It never pulls: flixconf tests
// images built on this machine, and a registry lookup error would only confuse.
func startImage(ctx context.Context, o imageOptions) (*startedImage, error) {
	// testcontainers logs every step; flixconf says what matters itself, and its errors carry
	// the details.
	tclog.SetDefault(tclog.NewNoopLogger())
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	if err != nil {
		return nil, fmt.Errorf("--image needs a Docker engine: %w", err)
	}
	_, err = cli.ImageInspect(ctx, o.name)
	cli.Close()
	switch {
	case errdefs.IsNotFound(err):
		return nil, fmt.Errorf("--image %s: no such image on this machine; build it first (the bundled mock's image: make image)", o.name)
	case err != nil:
		return nil, fmt.Errorf("--image needs a Docker engine: %w", err)
	}

	day := o.date.String()
	if !o.date.now && o.date.day.IsZero() {
		day = mockserver.DefaultDate.String()
	}
	port := strings.TrimSuffix(o.port, "/tcp") + "/tcp"
	req := testcontainers.ContainerRequest{
		Image:        o.name,
		ExposedPorts: []string{port},
		Env:          map[string]string{o.dateEnv: day},
		WaitingFor: wait.ForHTTP(o.readyPath).WithPort(port).
			WithStatusCodeMatcher(func(int) bool { return true }).
			WithStartupTimeout(o.startup),
	}
	c, err := testcontainers.GenericContainer(ctx, testcontainers.GenericContainerRequest{ContainerRequest: req, Started: true})
	stop := func() {
		if c == nil {
			return
		}
		// A fresh context: the run's may already be cancelled by the signal that ends it.
		tctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		c.Terminate(tctx)
	}
	if err != nil {
		stop()
		return nil, fmt.Errorf("starting --image %s: %w", o.name, err)
	}
	endpoint, err := c.PortEndpoint(ctx, port, "http")
	if err != nil {
		stop()
		return nil, errors.Join(fmt.Errorf("finding the address of --image %s", o.name), err)
	}
	return &startedImage{url: endpoint, stop: stop}, nil
}
