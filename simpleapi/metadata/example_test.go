package metadata_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/safeindex/safeindex/simpleapi"
	"github.com/safeindex/safeindex/simpleapi/metadata"
)

const exampleMetadata = `Metadata-Version: 2.4
Name: example
Version: 1.0
Requires-Python: >=3.9
Requires-Dist: requests>=2
Requires-Dist: rich; extra == "cli"
License-Expression: MIT OR Apache-2.0
Classifier: Programming Language :: Python :: 3

The description.
`

func ExampleParseVerified() {
	// The hashes come from the project page: simpleapi.File.CoreMetadata.Hashes.
	sum := sha256.Sum256([]byte(exampleMetadata))
	hashes := map[string]string{"sha256": hex.EncodeToString(sum[:])}

	m, err := metadata.ParseVerified(strings.NewReader(exampleMetadata), hashes)
	if err != nil {
		panic(err)
	}
	fmt.Println(m.Name, m.Version, m.RequiresPython)
	fmt.Println(m.RequiresDist)
	fmt.Println(m.LicenseExpression)
	fmt.Printf("%q\n", m.Description)

	// A file altered after the index hashed it is refused before parsing.
	_, err = metadata.ParseVerified(strings.NewReader(exampleMetadata+"Requires-Dist: evil\n"), hashes)
	fmt.Println(errors.Is(err, simpleapi.ErrHashMismatch))
	// Output:
	// example 1.0 >=3.9
	// [requests>=2 rich; extra == "cli"]
	// MIT OR Apache-2.0
	// "The description.\n"
	// true
}

func ExampleParse() {
	_, err := metadata.Parse(strings.NewReader("Metadata-Version: 2.1\nName: x\nName: y\nVersion: 1\n"))
	fmt.Println(err)
	// Output:
	// metadata: line 3: field "Name": field given twice (first on line 2)
}
