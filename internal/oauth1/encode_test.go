package oauth1

import (
	"net/url"
	"testing"
)

func TestEncode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"abcXYZ019-._~", "abcXYZ019-._~"},
		{"Dark Knight", "Dark%20Knight"},
		{"a+b", "a%2Bb"},
		{"=%&?/:@#", "%3D%25%26%3F%2F%3A%40%23"},
		{"!*'(),;$", "%21%2A%27%28%29%2C%3B%24"},
		{"é", "%C3%A9"},
		{"\x00\x7f\xff", "%00%7F%FF"},
	}
	for _, tt := range tests {
		got := Encode(tt.in)
		if got != tt.want {
			t.Errorf("Encode(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if back, err := url.PathUnescape(got); err != nil || back != tt.in {
			t.Errorf("PathUnescape(%q) = %q, %v; want %q", got, back, err, tt.in)
		}
	}
}
