package lockfile

import "os"

// testFS is the testdata directory.
var testFS = os.DirFS("testdata")
