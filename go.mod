module github.com/safeindex/safeindex

go 1.25.0

require (
	deps.dev/util/semver v0.0.0-20260727054525-2946ae4a6141
	github.com/aquasecurity/go-pep440-version v0.0.1
	github.com/hashicorp/go-version v1.9.0
	github.com/pelletier/go-toml/v2 v2.3.1
	github.com/stretchr/testify v1.12.1
	go.yaml.in/yaml/v3 v3.0.5
	golang.org/x/mod v0.40.0
	golang.org/x/net v0.58.0
)

require (
	github.com/aquasecurity/go-version v0.0.1 // indirect
	golang.org/x/xerrors v0.0.0-20231012003039-104605ab7028 // indirect
)
