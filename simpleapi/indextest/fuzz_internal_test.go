package indextest

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// FuzzServe sends arbitrary paths, queries and Accept headers to the
// Server's handler: it never panics and always answers with a status.
func FuzzServe(f *testing.F) {
	idx := NewIndex("fuzz",
		Project("Acme_Billing", Release("1.0", Wheel(Provenance()), Sdist()), Release("2.0", Yanked("x"))),
		Project("other", File("other-1.0.zip")))
	s := &Server{idx: idx, URL: "http://127.0.0.1:1", done: make(chan struct{})}
	for _, seed := range []string{"/simple/", "/simple/Acme_Billing", "/simple/acme-billing/?format=application/vnd.pypi.simple.v1%2Bjson",
		"/files/acme-billing/acme_billing-1.0-py3-none-any.whl.metadata", "/integrity/acme-billing/1.0/acme_billing-1.0-py3-none-any.whl/provenance",
		"/files/other/other-1.0.zip", "/simple/../etc/passwd", "/files/x"} {
		f.Add(seed, "application/vnd.pypi.simple.v1+json")
		f.Add(seed, "")
	}
	f.Fuzz(func(t *testing.T, target, accept string) {
		req, err := http.NewRequest("GET", "http://127.0.0.1:1/", nil)
		if err != nil {
			t.Skip()
		}
		u, err := req.URL.Parse(target)
		if err != nil {
			t.Skip()
		}
		req.URL = u
		req.Header.Set("Accept", accept)
		w := httptest.NewRecorder()
		s.serve(w, req)
		if w.Code < 200 || w.Code > 599 {
			t.Fatalf("%q: status %d", target, w.Code)
		}
	})
}
