package oauth1

import "strings"

const upperHex = "0123456789ABCDEF"

// Encode percent-encodes s as RFC 5849 section 3.6 requires: the unreserved characters ALPHA,
// DIGIT, "-", ".", "_" and "~" are kept and every other byte becomes %XX with upper-case hex
// digits. url.QueryEscape is not a substitute: it writes a space as "+", which signs a
// different base string than the server computes; url.PathEscape keeps ":", "@", "&", "=",
// "+", "$" and more.
func Encode(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if !unreserved(s[i]) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(upperHex[c>>4])
		b.WriteByte(upperHex[c&0x0f])
	}
	return b.String()
}

func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}
