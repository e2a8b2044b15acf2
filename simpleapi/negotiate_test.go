package simpleapi_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/safeindex/safeindex/simpleapi"
)

func TestNegotiate(t *testing.T) {
	const (
		j    = simpleapi.MediaTypeJSON
		h    = simpleapi.MediaTypeHTML
		text = simpleapi.MediaTypeTextHTML
	)
	tests := []struct {
		accept string
		want   string // "" when nothing is acceptable
	}{
		// No header, or nothing readable in it: anything goes, and PyPI's
		// first offer wins.
		{"", text},
		{"   ", text},
		{"garbage, ,;;,/", text},
		{"application/vnd.pypi.simple.v1+json;q=2", text},      // invalid q: range ignored
		{"application/vnd.pypi.simple.v1+json;q=0.0001", text}, // more than 3 decimals
		{"application/vnd.pypi.simple.v1+json;q=-0", text},
		{"application/vnd.pypi.simple.v1+json;q=1.001", text},
		{"*/html", text}, // "*/subtype" is not a media range

		// Ties go to PyPI's order: text/html, v1+html, v1+json.
		{"*/*", text},
		{"application/*", h},
		{"application/vnd.pypi.simple.v1+json, text/html", text},
		{"application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html", h},

		// The clients' headers.
		{simpleapi.Accept, j},
		{"application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01", j}, // pip 23
		{"application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01", j},   // uv

		// PEP 691 aliases count as v1.
		{"application/vnd.pypi.simple.latest+json", j},
		{"application/vnd.pypi.simple.latest+html", h},
		{"APPLICATION/VND.PYPI.SIMPLE.LATEST+JSON;Q=0.5", j},

		// Quality, and the most specific range.
		{"text/html;q=0.5, application/*;q=0.9", h},
		{"text/html;q=0.5, application/vnd.pypi.simple.v1+json;q=0.9", j},
		{"application/vnd.pypi.simple.v1+json;q=0.4, application/*;q=0.5", h},
		{"application/vnd.pypi.simple.v1+json;q=0, */*", text},
		{"application/vnd.pypi.simple.v1+json;q=0.3, application/vnd.pypi.simple.v1+html;q=0.4", h},
		{"text/*;q=0.2, application/vnd.pypi.simple.v1+json;q=0.1", text},
		{"*/*;q=0.1, application/vnd.pypi.simple.v1+json", j},
		{"application/vnd.pypi.simple.v1+json;q=1.000", j},
		{"application/vnd.pypi.simple.v1+json;q=1.", j},
		{"application/vnd.pypi.simple.v1+json ; q = 0.5 , text/html;q=0.4", j},
		{"APPLICATION/VND.PYPI.SIMPLE.V1+JSON", j},
		// Same specificity: the first range counts (WebOb).
		{"application/vnd.pypi.simple.v1+json;q=0.1, application/vnd.pypi.simple.v1+json;q=0.9, text/html;q=0.5", text},
		// Media-type parameters before q: the range matches no offer;
		// after q they are accept-extensions.
		{"application/vnd.pypi.simple.v1+json;charset=utf-8, text/html;q=0.1", text},
		{"application/vnd.pypi.simple.v1+json;q=0.9;ext=1, text/html;q=0.1", j},

		// Nothing acceptable.
		{"application/xml", ""},
		{"application/vnd.pypi.simple.v2+json", ""},
		{"*/*;q=0", ""},
		{"application/vnd.pypi.simple.v1+json;charset=utf-8", ""},
	}
	for _, tt := range tests {
		got, ok := simpleapi.Negotiate(tt.accept)
		assert.Equal(t, tt.want, got, "%q", tt.accept)
		assert.Equal(t, tt.want != "", ok, "%q", tt.accept)
	}
}

func TestNegotiateOffers(t *testing.T) {
	htmlOnly := []string{simpleapi.MediaTypeTextHTML, simpleapi.MediaTypeHTML}
	for _, tt := range []struct {
		accept string
		want   string
	}{
		{simpleapi.Accept, simpleapi.MediaTypeHTML},
		{"application/vnd.pypi.simple.v1+json", ""},
		{"", simpleapi.MediaTypeTextHTML},
	} {
		got, ok := simpleapi.NegotiateOffers(tt.accept, htmlOnly...)
		assert.Equal(t, tt.want, got, "%q", tt.accept)
		assert.Equal(t, tt.want != "", ok)
	}
	// More offers than the no-allocation fast path holds.
	many := []string{"a/a", "b/b", "c/c", "d/d", "e/e", "f/f", "g/g", "h/h", "i/i", "j/j"}
	got, ok := simpleapi.NegotiateOffers("j/j, i/i;q=0.5", many...)
	assert.True(t, ok)
	assert.Equal(t, "j/j", got)
	got, ok = simpleapi.NegotiateOffers("*/*")
	assert.False(t, ok, "no offers")
	assert.Empty(t, got)
}

// TestNegotiateHostile: a huge header costs linear time, and the cap
// never reads half a range.
func TestNegotiateHostile(t *testing.T) {
	long := strings.Repeat("a/b;q=0.5;x=y, ", 200_000) // 3 MB
	start := time.Now()
	got, ok := simpleapi.Negotiate(long + simpleapi.MediaTypeJSON)
	assert.Less(t, time.Since(start), 2*time.Second)
	assert.False(t, ok, "what is past MaxAcceptLen is not read")
	assert.Empty(t, got)

	// A range cut by the cap is dropped, not read as a shorter one
	// ("...;q=0.12" must not become "...;q=0.1").
	pad := strings.Repeat(" ", simpleapi.MaxAcceptLen-len("text/html;q=0.11, ")-len("application/vnd.pypi.simple.v1+json;q=0.1"))
	accept := "text/html;q=0.11, " + pad + "application/vnd.pypi.simple.v1+json;q=0.12"
	got, ok = simpleapi.Negotiate(accept)
	assert.True(t, ok)
	assert.Equal(t, simpleapi.MediaTypeTextHTML, got)
	// The whole of a header of MaxAcceptLen bytes is read.
	got, _ = simpleapi.Negotiate(accept[:simpleapi.MaxAcceptLen-1] + "9")
	assert.Equal(t, simpleapi.MediaTypeJSON, got, "q=0.19 beats q=0.11")
}

func FuzzNegotiate(f *testing.F) {
	for _, s := range []string{
		"", "*/*", simpleapi.Accept, "text/html;q=0.5, application/*;q=0.9", "a/b;q=1.;x=y",
		"application/vnd.pypi.simple.latest+json;q=0.999", "application/xml", "text/html;level=1;q=0",
	} {
		f.Add(s)
	}
	offers := []string{simpleapi.MediaTypeTextHTML, simpleapi.MediaTypeHTML, simpleapi.MediaTypeJSON}
	f.Fuzz(func(t *testing.T, accept string) {
		got, ok := simpleapi.Negotiate(accept)
		if !ok {
			if got != "" {
				t.Fatalf("Negotiate(%q) = %q, false", accept, got)
			}
			return
		}
		if got != offers[0] && got != offers[1] && got != offers[2] {
			t.Fatalf("Negotiate(%q) = %q, not an offer", accept, got)
		}
		// Parse, format, parse again: the answer negotiates to itself.
		if again, ok := simpleapi.Negotiate(got); again != got || !ok {
			t.Fatalf("Negotiate(%q) = %q, not stable (%q)", accept, got, again)
		}
		// Refusing an offer that lost the tie-break changes nothing.
		if len(accept) > simpleapi.MaxAcceptLen-64 {
			return
		}
		for _, o := range offers {
			if o == got {
				break
			}
			if again, _ := simpleapi.Negotiate(accept + ", " + o + ";q=0"); again != got {
				t.Fatalf("Negotiate(%q + %s;q=0) = %q, was %q", accept, o, again, got)
			}
		}
	})
}

func ExampleNegotiate() {
	for _, accept := range []string{
		"application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01",
		"*/*",
		"application/xml",
	} {
		mt, ok := simpleapi.Negotiate(accept)
		if !ok {
			fmt.Println("406 Not Acceptable")
			continue
		}
		fmt.Println(mt)
	}
	// Output:
	// application/vnd.pypi.simple.v1+json
	// text/html
	// 406 Not Acceptable
}
