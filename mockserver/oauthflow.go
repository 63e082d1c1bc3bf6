package mockserver

import (
	"crypto/subtle"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// oauthHandlers answer the token resources; the login page is served by host (serveLogin).
var oauthHandlers = map[string]func(*call){
	"getOauthRequestToken":  requestToken,
	"postOauthRequestToken": requestToken,
	"getOauthAccessToken":   accessToken,
	"postOauthAccessToken":  accessToken,
}

// requestToken answers /oauth/request_token: a request token, the login URL to send the user
// to and the application's name (reference §2.3). oauth_callback_confirmed is given only when
// the request carried oauth_callback: OAuth 1.0a clients require it, while a 1.0 client library
// of the time rejects any field it does not know.
func requestToken(c *call) {
	app := c.s.applicationName(c.auth.ConsumerKey)
	token, secret := randomToken(12), randomToken(16)
	c.s.mu.Lock()
	c.s.state.requestTokens[token] = &issuedRequestToken{secret: secret, consumerKey: c.auth.ConsumerKey, callback: c.auth.Callback}
	c.s.mu.Unlock()

	login := url.Values{"oauth_token": {token}, "application_name": {app}, "oauth_consumer_key": {c.auth.ConsumerKey}}
	body := url.Values{
		"oauth_token":        {token},
		"oauth_token_secret": {secret},
		"application_name":   {app},
		"login_url":          {c.loginBase() + "?" + login.Encode()},
	}
	if c.auth.Callback != "" {
		body.Set("oauth_callback_confirmed", "true")
	}
	c.form200(body)
}

// loginBase is where the login page is for this client: api-user.netflix.com when the request
// addressed a Netflix host (the client goes through the mock as a proxy), the mock's own
// address otherwise (a client pointed at the mock by base URL cannot reach the real host).
// It is http: the mock serves no TLS (a documented deviation; the real page was https).
func (c *call) loginBase() string {
	if isNetflixHost(requestHost(c.r)) {
		return "http://" + hostUser + "/oauth/login"
	}
	return "http://" + c.r.Host + "/oauth/login"
}

// accessToken answers /oauth/access_token: it trades a request token the user authorised for an
// access token and the user's id. OAuth 1.0 clients send no verifier; 1.0a clients send the one
// the login gave, and it must match.
func accessToken(c *call) {
	c.s.mu.Lock()
	rt, ok := c.s.state.requestTokens[c.auth.Token]
	switch {
	case !ok || c.auth.Token == "":
		c.s.mu.Unlock()
		c.fail(http.StatusUnauthorized, "Invalid Or Expired Token")
		return
	case rt.userID == "":
		c.s.mu.Unlock()
		c.fail(http.StatusUnauthorized, "Request Token Not Authorized")
		return
	case c.auth.Verifier != "" && subtle.ConstantTimeCompare([]byte(c.auth.Verifier), []byte(rt.verifier)) != 1:
		c.s.mu.Unlock()
		c.fail(http.StatusUnauthorized, "Invalid Verifier")
		return
	}
	delete(c.s.state.requestTokens, c.auth.Token)
	token, secret := randomToken(12), randomToken(16)
	c.s.state.accessTokens[token] = issuedAccessToken{secret: secret, userID: rt.userID, consumer: rt.consumerKey}
	v := c.s.changed()
	c.s.mu.Unlock()
	if !c.saved(v) {
		return
	}
	c.form200(url.Values{"oauth_token": {token}, "oauth_token_secret": {secret}, "user_id": {rt.userID}})
}

// form200 answers a form-encoded body, as the token resources did.
func (c *call) form200(v url.Values) {
	c.w.Header().Set("Content-Type", "application/x-www-form-urlencoded")
	c.w.WriteHeader(http.StatusOK)
	c.w.Write([]byte(v.Encode()))
}

// applicationName is the name of the application a key belongs to.
func (s *Server) applicationName(key string) string {
	for _, k := range s.accounts.Keys {
		if k.Key == key {
			return k.Application
		}
	}
	return "flixconf application"
}

// loginPage is the login form on api-user.netflix.com: fields login and password, as a Perl
// client library and a Plex plugin of the time submit them. Clients look for the words
// "successfully" and "failed" in the answers.
var loginPage = template.Must(template.New("login").Parse(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Netflix: {{.Title}}</title></head>
<body>
{{- if .Done}}
<p>You have successfully authorized {{.Application}} to use your Netflix account.</p>
<p>Verifier: <code id="oauth_verifier">{{.Verifier}}</code></p>
{{- else}}
<h1>Sign in to allow {{.Application}} to use your account</h1>
{{- if .Failed}}<p id="error">Your login failed: the email or the password is wrong.</p>{{end}}
<form method="post" action="login">
<input type="hidden" name="oauth_token" value="{{.Token}}">
<input type="hidden" name="oauth_callback" value="{{.Callback}}">
<input type="hidden" name="oauth_consumer_key" value="{{.ConsumerKey}}">
<input type="hidden" name="application_name" value="{{.Application}}">
<label>Email <input type="text" name="login"></label>
<label>Password <input type="password" name="password"></label>
<input type="checkbox" name="accept_tos" value="on" checked>
<button type="submit">Sign in</button>
</form>
{{- end}}
</body></html>
`))

type loginView struct {
	Title, Application, Token, Callback, ConsumerKey, Verifier string
	Done, Failed                                               bool
}

// serveLogin answers the login page: GET shows the form, POST checks the login and password.
// Success authorises the request token; with an oauth_callback other than oob the user is sent
// back to it with the token and verifier, otherwise the page shows the verifier.
func (s *Server) serveLogin(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/oauth/login" && r.URL.Path != "/oauth/authenticate" {
		http.NotFound(w, r)
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, "malformed form", http.StatusBadRequest)
		return
	}
	// After the retirement only the partners' users can still log in (an interpretation of
	// "all requests", recorded in the timeline).
	if _, retired := s.timeline.ServiceRetired("api", s.lateDay(s.dayOf(r))); retired && !s.isPartnerKey(r.Form.Get("oauth_consumer_key")) {
		http.NotFound(w, r)
		return
	}
	v := loginView{Title: "Sign in", Token: r.Form.Get("oauth_token"), Callback: r.Form.Get("oauth_callback"),
		ConsumerKey: r.Form.Get("oauth_consumer_key"), Application: r.Form.Get("application_name")}
	s.mu.Lock()
	rt, ok := s.state.requestTokens[v.Token]
	s.mu.Unlock()
	if !ok {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		fmt.Fprint(w, "<!DOCTYPE html><html><body><p id=\"error\">This login request failed: the request token is unknown or was used.</p></body></html>\n")
		return
	}
	if v.Application == "" {
		v.Application = s.applicationName(rt.consumerKey)
	}
	if v.Callback == "" {
		v.Callback = rt.callback
	}
	if r.Method == http.MethodPost {
		if user := s.login(r.Form.Get("login"), r.Form.Get("password")); user != "" {
			verifier := randomToken(4)
			s.mu.Lock()
			rt.userID, rt.verifier = user, verifier
			s.mu.Unlock()
			if v.Callback != "" && v.Callback != "oob" {
				if cb, err := url.Parse(v.Callback); err == nil && (cb.Scheme == "http" || cb.Scheme == "https") {
					q := cb.Query()
					q.Set("oauth_token", v.Token)
					q.Set("oauth_verifier", verifier)
					cb.RawQuery = q.Encode()
					http.Redirect(w, r, cb.String(), http.StatusFound)
					return
				}
			}
			v.Done, v.Verifier, v.Title = true, verifier, "Authorized"
		} else {
			v.Failed = true
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	loginPage.Execute(w, v)
}

// login returns the id of the user with this login and password, or "".
func (s *Server) login(login, password string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.state.users {
		if strings.EqualFold(u.profile.Login, login) && subtle.ConstantTimeCompare([]byte(u.profile.Password), []byte(password)) == 1 {
			return u.id
		}
	}
	return ""
}

// isPartnerKey reports whether key belongs to one of the partner applications.
func (s *Server) isPartnerKey(key string) bool {
	if s.hasFault(faultPartnersIgnored) {
		return false
	}
	for _, k := range s.accounts.Keys {
		if k.Key == key {
			return k.Partner && slices.Contains(s.timeline.Partners(), k.Application)
		}
	}
	return false
}
