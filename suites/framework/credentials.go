package framework

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"time"
)

// Credentials are the developer keys and users the suite signs its requests with. The file
// format is the JSON that a flixconf mock answers at GET /_flixconf/credentials:
//
//	{"keys":  [{"key": "...", "secret": "...", "application": "...", "partner": false}],
//	 "users": [{"id": "...", "login": "...", "password": "...", "token": "...", "token_secret": "..."}]}
type Credentials struct {
	Keys  []Key  `json:"keys"`
	Users []User `json:"users"`
}

// Key is a developer key; Partner marks one of the eight applications spared by the retirement.
type Key struct {
	Key         string `json:"key"`
	Secret      string `json:"secret"`
	Application string `json:"application,omitempty"`
	Partner     bool   `json:"partner,omitempty"`
}

// User is a subscriber with an access token the suite may use.
type User struct {
	ID          string `json:"id"`
	Login       string `json:"login,omitempty"`
	Password    string `json:"password,omitempty"`
	Token       string `json:"token"`
	TokenSecret string `json:"token_secret"`
}

// App is the ordinary (non-partner) key the suite signs with.
func (c *Credentials) App() (Key, bool) {
	i := slices.IndexFunc(c.Keys, func(k Key) bool { return !k.Partner })
	if i < 0 {
		return Key{}, false
	}
	return c.Keys[i], true
}

// Partner is the first partner key.
func (c *Credentials) Partner() (Key, bool) {
	i := slices.IndexFunc(c.Keys, func(k Key) bool { return k.Partner })
	if i < 0 {
		return Key{}, false
	}
	return c.Keys[i], true
}

// loadCredentials reads the credentials file, or, when none is given, asks the target for its
// built-in ones (a flixconf mock answers them under /_flixconf/).
func loadCredentials(cfg *Config) (*Credentials, error) {
	var raw []byte
	if cfg.Credentials != "" {
		b, err := os.ReadFile(cfg.Credentials)
		if err != nil {
			return nil, fmt.Errorf("--credentials: %w", err)
		}
		raw = b
	} else {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, cfg.Target+"/_flixconf/credentials", nil)
		if err != nil {
			return nil, err
		}
		resp, err := controlClient(cfg).Do(req)
		if err != nil {
			return nil, fmt.Errorf("no --credentials given, and the target does not answer GET /_flixconf/credentials: %v", err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("no --credentials given, and the target answers GET /_flixconf/credentials with %s: give --credentials FILE (see the README)", resp.Status)
		}
		if raw, err = io.ReadAll(io.LimitReader(resp.Body, 1<<20)); err != nil {
			return nil, err
		}
	}
	var c Credentials
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, fmt.Errorf("credentials: %w", err)
	}
	if _, ok := c.App(); !ok {
		return nil, fmt.Errorf("credentials: no ordinary (non-partner) developer key")
	}
	if len(c.Users) == 0 {
		return nil, fmt.Errorf("credentials: no user")
	}
	return &c, nil
}
