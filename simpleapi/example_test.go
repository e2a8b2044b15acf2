package simpleapi_test

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/simpleapi"
)

func ExampleNormalizeName() {
	for _, name := range []string{"Django", "zope.interface", "Foo__Bar-baz"} {
		fmt.Println(simpleapi.NormalizeName(name))
	}
	// Output:
	// django
	// zope-interface
	// foo-bar-baz
}

func ExampleValidateName() {
	// U+212A KELVIN SIGN lower-cases to "k" under Unicode rules: the name
	// is refused before any case folding.
	err := simpleapi.ValidateName("\u212Aafka")
	fmt.Println(errors.Is(err, simpleapi.ErrInvalidName))
	fmt.Println(err)
	// Output:
	// true
	// simpleapi: invalid project name "\u212aafka": only ASCII letters, digits, '.', '_' and '-' are allowed
}

func ExampleParseProjectPage() {
	body := `<!DOCTYPE html>
<html><head><meta name="pypi:repository-version" content="1.4"></head>
<body>
<a href="../../packages/demo-1.0.tar.gz#sha256=0123ABCD" data-requires-python="&gt;=3.9">demo-1.0.tar.gz</a>
<a href="../../packages/demo-1.1-py3-none-any.whl#sha256=4567" data-yanked="broken">demo-1.1-py3-none-any.whl</a>
</body></html>`
	pageURL, _ := url.Parse("https://index.example.com/simple/demo/")
	page, err := simpleapi.ParseProjectPage(strings.NewReader(body), "text/html; charset=utf-8", pageURL)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("api", page.APIVersion)
	for _, f := range page.Files {
		fmt.Printf("%s %s sha256=%s requires-python=%q yanked=%v %q\n",
			f.Filename, f.URL, f.Hashes["sha256"], f.RequiresPython, f.Yanked, f.YankedReason)
	}
	// Output:
	// api 1.4
	// demo-1.0.tar.gz https://index.example.com/packages/demo-1.0.tar.gz sha256=0123abcd requires-python=">=3.9" yanked=false ""
	// demo-1.1-py3-none-any.whl https://index.example.com/packages/demo-1.1-py3-none-any.whl sha256=4567 requires-python="" yanked=true "broken"
}

func ExampleParseProjectPage_json() {
	body := `{"meta": {"api-version": "1.1"}, "name": "demo", "versions": ["1.0"],
  "files": [{"filename": "demo-1.0.tar.gz", "url": "https://files.example.org/demo-1.0.tar.gz",
             "hashes": {"sha256": "abcd"}, "size": 1234, "upload-time": "2024-05-01T10:00:00Z", "yanked": ""}]}`
	page, err := simpleapi.ParseProjectPage(strings.NewReader(body), simpleapi.MediaTypeJSON, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	f := page.Files[0]
	fmt.Println(page.Name, page.Versions, f.Filename, f.Size, f.UploadTime.Format("2006-01-02"), f.Yanked)
	// Output:
	// demo [1.0] demo-1.0.tar.gz 1234 2024-05-01 false
}

func ExampleParseFilename() {
	d, err := simpleapi.ParseFilename("numpy-1.26.4-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", "numpy")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Kind, d.Name, d.Version)
	for _, t := range d.Tags {
		fmt.Println(t)
	}

	// A legacy sdist is split against the project name it was listed
	// under.
	d, _ = simpleapi.ParseFilename("python-dateutil-2.8.2.tar.gz", "python-dateutil")
	fmt.Println(d.Kind, d.Name, d.Version, d.Legacy())

	// A version that is not PEP 440 is kept, with an error saying so.
	d, err = simpleapi.ParseFilename("pytz-2006p.tar.bz2", "pytz")
	fmt.Println(d.Name, d.RawVersion, errors.Is(err, pep440.ErrInvalidVersion))
	// Output:
	// wheel numpy 1.26.4
	// cp312-cp312-manylinux_2_17_x86_64
	// cp312-cp312-manylinux2014_x86_64
	// sdist python-dateutil 2.8.2 true
	// pytz 2006p true
}
