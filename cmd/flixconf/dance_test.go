package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dghubble/oauth1"
)

// loopbackClient reaches loopback addresses only, so a test cannot leave the machine.
func loopbackClient(proxy *url.URL) *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second, Control: func(_, address string, _ syscall.RawConn) error {
		host, _, _ := net.SplitHostPort(address)
		if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
			return fmt.Errorf("test refuses to dial %s", address)
		}
		return nil
	}}
	t := &http.Transport{DialContext: dialer.DialContext}
	if proxy != nil {
		t.Proxy = http.ProxyURL(proxy)
	}
	return &http.Client{Transport: t, Timeout: 10 * time.Second}
}

type mockCredentials struct {
	Keys []struct {
		Key, Secret string
		Partner     bool
	} `json:"keys"`
	Users []struct {
		ID, Login, Password string
	} `json:"users"`
}

func credentialsOf(t *testing.T, base string) mockCredentials {
	t.Helper()
	resp, err := loopbackClient(nil).Get(base + "/_flixconf/credentials")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var c mockCredentials
	if err := json.NewDecoder(resp.Body).Decode(&c); err != nil {
		t.Fatal(err)
	}
	return c
}

// An OAuth client library of the Go ecosystem, not flixconf's own signer, completes the
// request-token, login and access-token dance against `flixconf serve`, then adds a title
// (My Neighbor Totoro) to the user's instant queue and reads it back.
func TestOAuthDanceWithAnotherLibrary(t *testing.T) {
	base := serve(t)
	creds := credentialsOf(t, base)
	key, user := creds.Keys[0], creds.Users[0]
	http1 := loopbackClient(nil)
	config := &oauth1.Config{
		ConsumerKey:    key.Key,
		ConsumerSecret: key.Secret,
		CallbackURL:    "oob",
		Endpoint: oauth1.Endpoint{
			RequestTokenURL: base + "/oauth/request_token",
			AuthorizeURL:    base + "/oauth/login",
			AccessTokenURL:  base + "/oauth/access_token",
		},
		HTTPClient: http1,
	}
	requestToken, requestSecret, err := config.RequestToken()
	if err != nil {
		t.Fatalf("request token: %v", err)
	}
	resp, err := http1.PostForm(base+"/oauth/login", url.Values{
		"oauth_token": {requestToken}, "login": {user.Login}, "password": {user.Password}})
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`id="oauth_verifier">([0-9a-f]+)<`).FindSubmatch(page)
	if m == nil || !strings.Contains(string(page), "successfully") {
		t.Fatalf("login page: %s", page)
	}
	accessToken, accessSecret, err := config.AccessToken(requestToken, requestSecret, string(m[1]))
	if err != nil {
		t.Fatalf("access token: %v", err)
	}

	ctx := context.WithValue(context.Background(), oauth1.HTTPClient, http1)
	client := config.Client(ctx, oauth1.NewToken(accessToken, accessSecret))
	queue := base + "/users/" + user.ID + "/queues/instant?output=json"
	resp, err = client.PostForm(queue, url.Values{"title_ref": {"http://api.netflix.com/catalog/titles/movies/60032294"}})
	if err != nil {
		t.Fatal(err)
	}
	added, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("adding to the queue: %d %s", resp.StatusCode, added)
	}
	resp, err = client.Get(queue)
	if err != nil {
		t.Fatal(err)
	}
	read, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(read), "/catalog/titles/movies/60032294") {
		t.Fatalf("reading the queue back: %d %s", resp.StatusCode, read)
	}
}

// A Go HTTP client configured only with a proxy at the mock's address gets a catalog title
// from http://api.netflix.com; its dialer reaches loopback only, so nothing leaves the machine.
func TestOldClientThroughTheProxy(t *testing.T) {
	base := serve(t, "--date", "2011-01-01")
	creds := credentialsOf(t, base)
	proxy, _ := url.Parse(base)
	config := oauth1.NewConfig(creds.Keys[0].Key, creds.Keys[0].Secret)
	ctx := context.WithValue(context.Background(), oauth1.HTTPClient, loopbackClient(proxy))
	client := config.Client(ctx, oauth1.NewToken("", ""))
	resp, err := client.Get("http://api.netflix.com/catalog/titles/movies/60001220")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), "<id>http://api.netflix.com/catalog/titles/movies/60001220</id>") {
		t.Fatalf("through the proxy: %d %s", resp.StatusCode, b)
	}
}
