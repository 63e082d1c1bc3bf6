package framework

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// FreshUser returns a user of the spec's own, so that a spec that writes never shares state
// with another. It asks the target's POST /_flixconf/users; a target without control
// endpoints cannot give one, and the spec is skipped with the reason.
func (f *Framework) FreshUser() *User {
	ctx, cancel := context.WithTimeout(context.Background(), f.Config.RequestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, f.Config.Target+"/_flixconf/users", nil)
	if err != nil {
		Broke("creating a user: %v", err)
	}
	start := time.Now()
	resp, err := controlClient(f.Config).Do(req)
	if err != nil {
		Broke("creating a user: no answer from the target after %v: %v", time.Since(start).Round(time.Millisecond), err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		Skip("the target has no control endpoint POST /_flixconf/users (answered %s), so this spec has no user of its own to write with", resp.Status)
	}
	var u User
	if err := json.NewDecoder(resp.Body).Decode(&u); err != nil || u.ID == "" || u.Token == "" {
		Broke("creating a user: the answer is not a user with a token: %v", err)
	}
	return &u
}
